# trips: the trip page, the booking page, the hosts' departures and the booking emails.
trip-tier-at-least = { $days ->
    [one] { $days } day or more before the start
   *[other] { $days } days or more before the start
}: { $bp ->
    [0] nothing is kept
   *[other] { $percent } of the price is kept
}
trip-tier-between = { $from }–{ $to } days before the start: { $bp ->
    [0] nothing is kept
   *[other] { $percent } of the price is kept
}
trip-tier-under = { $days ->
    [one] under { $days } day before the start
   *[other] under { $days } days before the start
}: { $bp ->
    [0] nothing is kept
   *[other] { $percent } of the price is kept
}
trip-you-booked = { $seats ->
    [one] You have booked { $seats } place on this departure.
   *[other] You have booked { $seats } places on this departure.
}
trip-see-booking = See my booking
trip-you-wait = { $seats ->
    [one] You are on this departure's waiting list for { $seats } place.
   *[other] You are on this departure's waiting list for { $seats } places.
}
trip-leave-waitlist = Leave the waiting list
flash-waitlist-left = You have left the waiting list.
booking-paid = Paid: { $amount }
booking-next = What next
booking-host-view = You see this booking as a host of the stay.
booking-from-waitlist = These places are offered to you from the waiting list.
booking-balance-left = Balance to pay: { $amount }
booking-paid-in-full = The stay is paid in full: nothing more to pay.
booking-calendar = Add to my calendar (.ics)
booking-cancelled-reason = Reason:
booking-no-refund = Nothing is refunded.
booking-nothing-owed = Nothing more is to be paid for this booking.
booking-book-again = See this stay's departures
booking-expired-note = These places were not paid in time: they are on sale again.
booking-cancel-preview-tier = { $days ->
    [one] Cancelling today ({ $days } day before the start) gives back { $amount } under the cancellation policy.
   *[other] Cancelling today ({ $days } days before the start) gives back { $amount } under the cancellation policy.
}
booking-host-cancel = Cancel this booking (hosts)
booking-host-cancel-preview = Everything the traveller paid ({ $amount }) goes back to them, and the places return to sale.
field-trip-cancel-reason = Reason (told to the travellers)
departure-state = The departure's state
departure-confirmed-seats = { $confirmed ->
    [one] { $confirmed } confirmed place (minimum group: { $min })
   *[other] { $confirmed } confirmed places (minimum group: { $min })
}
departure-confirm = Confirm the departure
departure-confirm-hint = You commit to go even if the group does not reach { $min } travellers: the departure will not be cancelled on the balance date.
departure-confirm-hint-reached = The minimum group is reached: confirm the departure to announce it to those who look at the stay.
departure-cancel = Cancel the departure
departure-cancel-hint = Every booking on this departure is cancelled and everything the travellers paid goes back to them. Each one gets an email with your reason.
departure-cancel-confirm = Cancel the departure and refund the travellers
flash-departure-confirmed = The departure is confirmed.
flash-departure-cancelled = The departure is cancelled: the travellers are told and refunded.
err-booking-not-confirmed = The calendar file is there once the booking is confirmed.
err-waitlist-not-waiting = You are no longer waiting for this departure.
mail-booking-cancelled_by_host-subject = Booking cancelled by the hosts: { $title }
mail-booking-cancelled_by_host-intro = The hosts of "{ $title }" cancelled your booking ({ $start } to { $end }).
mail-booking-departure_called_off-subject = Departure cancelled: { $title }
mail-booking-departure_called_off-intro = The hosts cancelled the departure of "{ $title }" on { $start }: your booking is cancelled.
mail-booking-reason = Their reason: "{ $reason }"
mail-booking-paid = You have paid { $paid } of { $total }.
mail-booking-balance-now = Balance to pay now: { $amount }.
mail-booking-paid-in-full = The stay is paid in full: you have nothing more to pay.
mail-booking-deposit-due = Deposit to pay: { $amount }, by { $date }.
mail-booking-had-paid = You had paid { $amount }.
mail-booking-kept = { $days ->
    [one] Under the cancellation policy (cancelled { $days } day before the start), { $amount } is kept.
   *[other] Under the cancellation policy (cancelled { $days } days before the start), { $amount } is kept.
}
mail-booking-refund = We refund you { $amount }, { $way }.
mail-booking-refund-all = Everything you paid is refunded: { $amount }, { $way }.
mail-booking-no-refund = So nothing is refunded.
mail-booking-nothing-paid = You had paid nothing: nothing is refunded.
mail-booking-nothing-owed = You owe nothing more: this booking's payment requests are cancelled.
mail-booking-refund-by-transfer = by bank transfer to the account your payment came from
mail-booking-refund-to-card = to the card you paid with
mail-booking-refund-mixed = to the card or account each payment came from
space-booking-see = See the booking
space-trip-hold = { $seats ->
    [one] Deposit of { $amount } to pay by { $date } to keep your place
   *[other] Deposit of { $amount } to pay by { $date } to keep your { $seats } places
}
space-trip-offer = Places freed up for you: deposit of { $amount } to pay by { $date }
space-trip-balance = Balance of { $amount } to pay by { $date }
space-trip-coming = { $seats ->
    [one] { $seats } place, { $start } to { $end }
   *[other] { $seats } places, { $start } to { $end }
}
space-trip-past = Stay from { $start } to { $end }
space-trip-cancelled = Booking cancelled (stay from { $start } to { $end })
space-trip-cancelled-refund = Booking cancelled, { $amount } refunded
space-trip-calendar = Add to my calendar (.ics)
space-trip-waiting = { $seats ->
    [one] On the waiting list for { $seats } place, departure on { $start }
   *[other] On the waiting list for { $seats } places, departure on { $start }
}
space-host-departure = { $start } to { $end } · { $taken } / { $capacity } places taken · { $status }

space-host-hosted = Hosted from { $start } to { $end } · { $travellers ->
    [one] one traveller
   *[other] { $travellers } travellers
}

booking-sensitive-purpose = Phone, dietary and accessibility needs: optional, they serve only for the hosts to reach you during the stay and prepare meals and welcome. They are erased { $days } days after the stay ends.
traveller-data-erased = erased after the stay (retention)
