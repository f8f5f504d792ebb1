# trips: the trip page, the booking page, the hosts' departures and the booking emails.
trip-tier-at-least = { $days ->
    [one] { $days } jour ou plus avant le début
   *[other] { $days } jours ou plus avant le début
} : { $bp ->
    [0] rien n'est retenu
   *[other] { $percent } du prix est retenu
}
trip-tier-between = de { $from } à { $to } jours avant le début : { $bp ->
    [0] rien n'est retenu
   *[other] { $percent } du prix est retenu
}
trip-tier-under = { $days ->
    [one] moins d'{ $days } jour avant le début
   *[other] moins de { $days } jours avant le début
} : { $bp ->
    [0] rien n'est retenu
   *[other] { $percent } du prix est retenu
}
trip-you-booked = { $seats ->
    [one] Vous avez réservé { $seats } place sur ce départ.
   *[other] Vous avez réservé { $seats } places sur ce départ.
}
trip-see-booking = Voir ma réservation
trip-you-wait = { $seats ->
    [one] Vous êtes sur la liste d'attente de ce départ pour { $seats } place.
   *[other] Vous êtes sur la liste d'attente de ce départ pour { $seats } places.
}
trip-leave-waitlist = Quitter la liste d'attente
flash-waitlist-left = Vous avez quitté la liste d'attente.
booking-paid = Payé : { $amount }
booking-next = Et maintenant
booking-host-view = Vous voyez cette réservation en tant qu'hôte du séjour.
booking-from-waitlist = Ces places vous sont proposées depuis la liste d'attente.
booking-balance-left = Solde à payer : { $amount }
booking-paid-in-full = Le séjour est entièrement payé : plus rien à payer.
booking-calendar = Ajouter à mon agenda (.ics)
booking-cancelled-reason = Motif :
booking-no-refund = Rien n'est remboursé.
booking-nothing-owed = Plus rien n'est à payer pour cette réservation.
booking-book-again = Voir les départs de ce séjour
booking-expired-note = Ces places n'ont pas été payées à temps : elles ont été remises en vente.
booking-cancel-preview-tier = { $days ->
    [one] En annulant aujourd'hui ({ $days } jour avant le début), vous récupérez { $amount }, selon les conditions d'annulation.
   *[other] En annulant aujourd'hui ({ $days } jours avant le début), vous récupérez { $amount }, selon les conditions d'annulation.
}
booking-host-cancel = Annuler cette réservation (hôtes)
booking-host-cancel-preview = Tout ce que le voyageur a payé ({ $amount }) lui sera remboursé, et ses places seront remises en vente.
field-trip-cancel-reason = Motif (communiqué aux voyageurs)
departure-state = État du départ
departure-confirmed-seats = { $confirmed ->
    [one] { $confirmed } place confirmée (groupe minimum : { $min })
   *[other] { $confirmed } places confirmées (groupe minimum : { $min })
}
departure-confirm = Confirmer le départ
departure-confirm-hint = Vous vous engagez à partir même si le groupe n'atteint pas { $min } voyageurs : le départ ne sera pas annulé à la date du solde.
departure-confirm-hint-reached = Le groupe minimum est atteint : confirmez le départ pour l'annoncer aux voyageurs qui consultent le séjour.
departure-cancel = Annuler le départ
departure-cancel-hint = Toutes les réservations de ce départ sont annulées et tout ce que les voyageurs ont payé leur est remboursé. Chacun reçoit un e-mail avec votre motif.
departure-cancel-confirm = Annuler le départ et rembourser les voyageurs
flash-departure-confirmed = Le départ est confirmé.
flash-departure-cancelled = Le départ est annulé : les voyageurs sont prévenus et remboursés.
err-booking-not-confirmed = Le fichier d'agenda est disponible une fois la réservation confirmée.
err-waitlist-not-waiting = Vous n'êtes plus en attente sur ce départ.
mail-booking-cancelled_by_host-subject = Réservation annulée par les hôtes : { $title }
mail-booking-cancelled_by_host-intro = Les hôtes de « { $title } » ont annulé votre réservation (du { $start } au { $end }).
mail-booking-departure_called_off-subject = Départ annulé : { $title }
mail-booking-departure_called_off-intro = Les hôtes ont annulé le départ de « { $title } » du { $start } : votre réservation est annulée.
mail-booking-reason = Leur motif : « { $reason } »
mail-booking-paid = Vous avez payé { $paid } sur { $total }.
mail-booking-balance-now = Solde à payer dès maintenant : { $amount }.
mail-booking-paid-in-full = Le séjour est entièrement payé : vous n'avez plus rien à payer.
mail-booking-deposit-due = Acompte à payer : { $amount }, avant le { $date }.
mail-booking-had-paid = Vous aviez payé { $amount }.
mail-booking-kept = { $days ->
    [one] Selon les conditions d'annulation (annulation { $days } jour avant le début du séjour), { $amount } sont retenus.
   *[other] Selon les conditions d'annulation (annulation { $days } jours avant le début du séjour), { $amount } sont retenus.
}
mail-booking-refund = Nous vous remboursons { $amount }, { $way }.
mail-booking-refund-all = Tout ce que vous avez payé vous est remboursé : { $amount }, { $way }.
mail-booking-no-refund = Rien ne vous est donc remboursé.
mail-booking-nothing-paid = Vous n'aviez rien payé : rien ne vous est remboursé.
mail-booking-nothing-owed = Vous ne devez plus rien : les demandes de paiement de cette réservation sont annulées.
mail-booking-refund-by-transfer = par virement sur le compte d'où venait votre paiement
mail-booking-refund-to-card = sur la carte avec laquelle vous avez payé
mail-booking-refund-mixed = sur la carte ou le compte d'où venait chaque paiement
space-booking-see = Voir la réservation
space-trip-hold = { $seats ->
    [one] Acompte de { $amount } à payer avant le { $date } pour garder votre place
   *[other] Acompte de { $amount } à payer avant le { $date } pour garder vos { $seats } places
}
space-trip-offer = Des places se sont libérées pour vous : acompte de { $amount } à payer avant le { $date }
space-trip-balance = Solde de { $amount } à payer au plus tard le { $date }
space-trip-coming = { $seats ->
    [one] { $seats } place, du { $start } au { $end }
   *[other] { $seats } places, du { $start } au { $end }
}
space-trip-past = Séjour du { $start } au { $end }
space-trip-cancelled = Réservation annulée (séjour du { $start } au { $end })
space-trip-cancelled-refund = Réservation annulée, { $amount } remboursés
space-trip-calendar = Ajouter à mon agenda (.ics)
space-trip-waiting = { $seats ->
    [one] Sur la liste d'attente pour { $seats } place, départ du { $start }
   *[other] Sur la liste d'attente pour { $seats } places, départ du { $start }
}
space-host-departure = Du { $start } au { $end } · { $taken } / { $capacity } places prises · { $status }

space-host-hosted = Accueilli du { $start } au { $end } · { $travellers ->
    [one] un voyageur
   *[other] { $travellers } voyageurs
}

booking-sensitive-purpose = Téléphone, besoins alimentaires et d'accessibilité : facultatifs, ils servent seulement aux hôtes pour vous joindre pendant le séjour et préparer repas et accueil. Ils sont effacés { $days } jours après la fin du séjour.
traveller-data-erased = effacé après le séjour (conservation)
