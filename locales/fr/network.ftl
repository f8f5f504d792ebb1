# network: exchange of practices (support requests, trainings, personal space lines)

mail-support-intro-relay = { $territory } demande l'aide du réseau sur « { $topic } ». Personne n'a encore de compte sur Passerelle pour { $names } : en tant qu'administrateur du réseau, transmettez-leur la demande ou invitez leurs coordinateurs.
flash-support-sent-unreachable = Votre demande est envoyée. Certains territoires destinataires n'ont encore personne sur Passerelle : les administrateurs du réseau la leur transmettront (voir ci-dessous).
support-status-open = Ouverte
support-status-resolved = Résolue
support-status-withdrawn = Retirée
support-asked-on = demandée le { $date }
support-deadline = réponse souhaitée d'ici le { $date }
support-answered-with = Résolue grâce à la fiche de pratique :
support-closed-on-resolved = Marquée résolue le { $date }.
support-closed-on-withdrawn = Retirée le { $date } : plus besoin d'y répondre.
support-unreachable = Personne n'a encore de compte sur Passerelle pour { $territory } : la demande ne lui est pas parvenue.
support-unreachable-relayed = Personne n'a encore de compte sur Passerelle pour { $territory } : la demande a été transmise aux administrateurs du réseau, qui la lui feront suivre.
support-no-recipients = Aucun territoire ne reçoit cette demande : déclarez le thème ou invitez vos partenaires.
support-log-in-to-answer = Se connecter pour répondre
support-publish-sheet = Publier une fiche de pratique sur ce thème
support-resolve-title = Clore la demande
support-sheet-choice = Fiche de pratique qui en est issue (facultatif)
support-sheet-other = Ou l'adresse d'une autre fiche de la bibliothèque
support-withdraw = Retirer la demande
support-withdraw-hint = Plus besoin d'aide ? Retirez la demande : elle disparaît des listes des territoires qui pouvaient aider.
flash-support-resolved = La demande est marquée résolue.
flash-support-withdrawn = La demande est retirée.
flash-expertise-saved = Les thèmes sur lesquels votre territoire peut aider sont enregistrés.
support-expertise-help = Les thèmes cochés sont ceux que chaque territoire a déclarés ; les demandes du réseau sur ces thèmes lui parviennent. Cochez ou décochez, puis enregistrez : seuls vos changements sont appliqués.
support-expertise-of = Thèmes de { $territory }
err-support-not-open = Cette demande n'est plus ouverte : elle a été résolue ou retirée.
practices-answered = { $count ->
    [one] Cette fiche a répondu à la demande d'entraide de :
   *[other] Cette fiche a répondu aux demandes d'entraide de :
}
trainings-ics = Ajouter à l'agenda (.ics)
trainings-registrations = Inscriptions
trainings-started-reason = La formation a commencé : les inscriptions ne changent plus.
trainings-participants-count = { $count ->
    [one] { $count } participant
   *[other] { $count } participants
}
trainings-status-registered = inscrits
trainings-status-waiting = en liste d'attente
trainings-status-cancelled = annulée
trainings-admit = Accepter
trainings-admit-adding = { $count ->
    [one] Accepter (ajoute { $count } place)
   *[other] Accepter (ajoute { $count } places)
}
trainings-leave-waiting = Quitter la liste d'attente
trainings-decline = Refuser
trainings-cancel-registration = Annuler l'inscription
flash-registration-cancelled = L'inscription est annulée ; les places libérées vont à la liste d'attente.
flash-registration-admitted = L'inscription est acceptée ; l'invitation est en route.
space-sheet-published = Fiche de pratique publiée le { $date }
space-support-own = Votre demande sur « { $topic } » est ouverte : marquez-la résolue quand vous avez votre réponse.
space-support-to-answer = { $territory } demande de l'aide sur « { $topic } » : votre territoire peut répondre.
space-support-to-answer-by = { $territory } demande de l'aide sur « { $topic } », d'ici le { $date } : votre territoire peut répondre.
space-training-ics = Agenda (.ics)
space-training-registered = { $count ->
    [one] { $count } participant inscrit, le { $date }
   *[other] { $count } participants inscrits, le { $date }
}
space-training-waiting = { $count ->
    [one] { $count } participant en liste d'attente, le { $date }
   *[other] { $count } participants en liste d'attente, le { $date }
}
space-training-invited = Organisée par { $organiser } le { $date } : { $count ->
    [one] { $count } place libre
   *[other] { $count } places libres
}, inscrivez vos participants.
