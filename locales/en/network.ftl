# network: exchange of practices (support requests, trainings, personal space lines)

mail-support-intro-relay = { $territory } asks the network for help on “{ $topic }”. Nobody has an account on Passerelle yet for { $names }: as the network's administrator, please pass the request on to them or invite their coordinators.
flash-support-sent-unreachable = Your request is sent. Some recipient territories have nobody on Passerelle yet: the network's administrators will pass it on to them (see below).
support-status-open = Open
support-status-resolved = Resolved
support-status-withdrawn = Withdrawn
support-asked-on = asked on { $date }
support-deadline = answer wanted by { $date }
support-answered-with = Resolved with the practice sheet:
support-closed-on-resolved = Marked resolved on { $date }.
support-closed-on-withdrawn = Withdrawn on { $date }: nobody needs to answer it any more.
support-unreachable = Nobody has an account on Passerelle yet for { $territory }: the request did not reach it.
support-unreachable-relayed = Nobody has an account on Passerelle yet for { $territory }: the request went to the network's administrators, who will pass it on.
support-no-recipients = No territory receives this request: declare the topic or invite your partners.
support-log-in-to-answer = Log in to answer
support-publish-sheet = Publish a practice sheet on this topic
support-resolve-title = Close the request
support-sheet-choice = Practice sheet that came out of it (optional)
support-sheet-other = Or the address of another sheet of the library
support-withdraw = Withdraw the request
support-withdraw-hint = No help needed any more? Withdraw the request: it leaves the lists of the territories that could help.
flash-support-resolved = The request is marked resolved.
flash-support-withdrawn = The request is withdrawn.
flash-expertise-saved = The topics your territory can help with are saved.
support-expertise-help = The topics each territory declared are checked; the network's requests on them reach it. Check or uncheck, then save: only your changes are applied.
support-expertise-of = Topics of { $territory }
err-support-not-open = This request is no longer open: it was resolved or withdrawn.
practices-answered = { $count ->
    [one] This sheet answered the support request of:
   *[other] This sheet answered the support requests of:
}
trainings-ics = Add to calendar (.ics)
trainings-registrations = Registrations
trainings-started-reason = The training has begun: registrations no longer change.
trainings-participants-count = { $count ->
    [one] { $count } participant
   *[other] { $count } participants
}
trainings-status-registered = registered
trainings-status-waiting = on the waiting list
trainings-status-cancelled = cancelled
trainings-admit = Admit
trainings-admit-adding = { $count ->
    [one] Admit (adds { $count } place)
   *[other] Admit (adds { $count } places)
}
trainings-leave-waiting = Leave the waiting list
trainings-decline = Decline
trainings-cancel-registration = Cancel the registration
flash-registration-cancelled = The registration is cancelled; the freed places go to the waiting list.
flash-registration-admitted = The registration is admitted; the invitation is on its way.
space-sheet-published = Practice sheet published on { $date }
space-support-own = Your request on “{ $topic }” is open: mark it resolved once you have your answer.
space-support-to-answer = { $territory } asks for help on “{ $topic }”: your territory can answer.
space-support-to-answer-by = { $territory } asks for help on “{ $topic }”, by { $date }: your territory can answer.
space-training-ics = Calendar (.ics)
space-training-registered = { $count ->
    [one] { $count } participant registered, on { $date }
   *[other] { $count } participants registered, on { $date }
}
space-training-waiting = { $count ->
    [one] { $count } participant on the waiting list, on { $date }
   *[other] { $count } participants on the waiting list, on { $date }
}
space-training-invited = Organised by { $organiser } on { $date }: { $count ->
    [one] { $count } place left
   *[other] { $count } places left
}, register your participants.
