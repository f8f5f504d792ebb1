# trips: the trip page, the booking page, the hosts' departures and the booking emails.
trip-tier-at-least = { $days ->
    [one] { $days } dag of meer voor het begin
   *[other] { $days } dagen of meer voor het begin
}: { $bp ->
    [0] er wordt niets ingehouden
   *[other] { $percent } van de prijs wordt ingehouden
}
trip-tier-between = { $from } tot { $to } dagen voor het begin: { $bp ->
    [0] er wordt niets ingehouden
   *[other] { $percent } van de prijs wordt ingehouden
}
trip-tier-under = { $days ->
    [one] minder dan { $days } dag voor het begin
   *[other] minder dan { $days } dagen voor het begin
}: { $bp ->
    [0] er wordt niets ingehouden
   *[other] { $percent } van de prijs wordt ingehouden
}
trip-you-booked = { $seats ->
    [one] U hebt { $seats } plaats gereserveerd voor dit vertrek.
   *[other] U hebt { $seats } plaatsen gereserveerd voor dit vertrek.
}
trip-see-booking = Mijn reservering bekijken
trip-you-wait = { $seats ->
    [one] U staat op de wachtlijst van dit vertrek voor { $seats } plaats.
   *[other] U staat op de wachtlijst van dit vertrek voor { $seats } plaatsen.
}
trip-leave-waitlist = De wachtlijst verlaten
flash-waitlist-left = U staat niet meer op de wachtlijst.
booking-paid = Betaald: { $amount }
booking-next = Wat nu
booking-host-view = U bekijkt deze reservering als gastgever van de reis.
booking-from-waitlist = Deze plaatsen worden u aangeboden vanaf de wachtlijst.
booking-balance-left = Te betalen saldo: { $amount }
booking-paid-in-full = De reis is volledig betaald: er valt niets meer te betalen.
booking-calendar = Aan mijn agenda toevoegen (.ics)
booking-cancelled-reason = Reden:
booking-no-refund = Er wordt niets terugbetaald.
booking-nothing-owed = Voor deze reservering valt niets meer te betalen.
booking-book-again = De vertrekken van deze reis bekijken
booking-expired-note = Deze plaatsen werden niet op tijd betaald: ze zijn opnieuw te koop.
booking-cancel-preview-tier = { $days ->
    [one] Als u vandaag annuleert ({ $days } dag voor het begin), krijgt u volgens de annuleringsvoorwaarden { $amount } terug.
   *[other] Als u vandaag annuleert ({ $days } dagen voor het begin), krijgt u volgens de annuleringsvoorwaarden { $amount } terug.
}
booking-host-cancel = Deze reservering annuleren (gastgevers)
booking-host-cancel-preview = Alles wat de reiziger betaald heeft ({ $amount }) wordt terugbetaald, en de plaatsen worden opnieuw te koop aangeboden.
field-trip-cancel-reason = Reden (wordt aan de reizigers meegedeeld)
departure-state = Stand van het vertrek
departure-confirmed-seats = { $confirmed ->
    [one] { $confirmed } bevestigde plaats (minimumgroep: { $min })
   *[other] { $confirmed } bevestigde plaatsen (minimumgroep: { $min })
}
departure-confirm = Het vertrek bevestigen
departure-confirm-hint = U verbindt zich ertoe te vertrekken, ook als de groep geen { $min } reizigers haalt: het vertrek wordt op de saldodatum niet geannuleerd.
departure-confirm-hint-reached = De minimumgroep is bereikt: bevestig het vertrek om het aan te kondigen aan wie de reis bekijkt.
departure-cancel = Het vertrek annuleren
departure-cancel-hint = Alle reserveringen voor dit vertrek worden geannuleerd en alles wat de reizigers betaald hebben, wordt terugbetaald. Iedereen krijgt een e-mail met uw reden.
departure-cancel-confirm = Het vertrek annuleren en de reizigers terugbetalen
flash-departure-confirmed = Het vertrek is bevestigd.
flash-departure-cancelled = Het vertrek is geannuleerd: de reizigers zijn verwittigd en worden terugbetaald.
err-booking-not-confirmed = Het agendabestand is beschikbaar zodra de reservering bevestigd is.
err-waitlist-not-waiting = U staat niet meer op de wachtlijst van dit vertrek.
mail-booking-cancelled_by_host-subject = Reservering geannuleerd door de gastgevers: { $title }
mail-booking-cancelled_by_host-intro = De gastgevers van “{ $title }” hebben uw reservering (van { $start } tot { $end }) geannuleerd.
mail-booking-departure_called_off-subject = Vertrek geannuleerd: { $title }
mail-booking-departure_called_off-intro = De gastgevers hebben het vertrek van “{ $title }” op { $start } geannuleerd: uw reservering is geannuleerd.
mail-booking-reason = Hun reden: “{ $reason }”
mail-booking-paid = U hebt { $paid } van { $total } betaald.
mail-booking-balance-now = Nu te betalen saldo: { $amount }.
mail-booking-paid-in-full = De reis is volledig betaald: u hoeft niets meer te betalen.
mail-booking-deposit-due = Te betalen voorschot: { $amount }, vóór { $date }.
mail-booking-had-paid = U had { $amount } betaald.
mail-booking-kept = { $days ->
    [one] Volgens de annuleringsvoorwaarden (annulering { $days } dag voor het begin van de reis) wordt { $amount } ingehouden.
   *[other] Volgens de annuleringsvoorwaarden (annulering { $days } dagen voor het begin van de reis) wordt { $amount } ingehouden.
}
mail-booking-refund = We betalen u { $amount } terug, { $way }.
mail-booking-refund-all = Alles wat u betaald hebt, wordt terugbetaald: { $amount }, { $way }.
mail-booking-no-refund = U krijgt dus niets terugbetaald.
mail-booking-nothing-paid = U had niets betaald: er wordt niets terugbetaald.
mail-booking-nothing-owed = U bent niets meer verschuldigd: de betalingsverzoeken van deze reservering zijn geannuleerd.
mail-booking-refund-by-transfer = per overschrijving op de rekening waarvan uw betaling kwam
mail-booking-refund-to-card = op de kaart waarmee u betaald hebt
mail-booking-refund-mixed = op de kaart of de rekening waarvan elke betaling kwam
space-booking-see = Reservering bekijken
space-trip-hold = { $seats ->
    [one] Voorschot van { $amount } te betalen vóór { $date } om uw plaats te behouden
   *[other] Voorschot van { $amount } te betalen vóór { $date } om uw { $seats } plaatsen te behouden
}
space-trip-offer = Er zijn plaatsen voor u vrijgekomen: voorschot van { $amount } te betalen vóór { $date }
space-trip-balance = Saldo van { $amount } te betalen uiterlijk op { $date }
space-trip-coming = { $seats ->
    [one] { $seats } plaats, van { $start } tot { $end }
   *[other] { $seats } plaatsen, van { $start } tot { $end }
}
space-trip-past = Reis van { $start } tot { $end }
space-trip-cancelled = Reservering geannuleerd (reis van { $start } tot { $end })
space-trip-cancelled-refund = Reservering geannuleerd, { $amount } terugbetaald
space-trip-calendar = Aan mijn agenda toevoegen (.ics)
space-trip-waiting = { $seats ->
    [one] Op de wachtlijst voor { $seats } plaats, vertrek op { $start }
   *[other] Op de wachtlijst voor { $seats } plaatsen, vertrek op { $start }
}
space-host-departure = Van { $start } tot { $end } · { $taken } / { $capacity } plaatsen bezet · { $status }

space-host-hosted = Onthaald van { $start } tot { $end } · { $travellers ->
    [one] één reiziger
   *[other] { $travellers } reizigers
}

booking-sensitive-purpose = Telefoon, voedingswensen en noden inzake toegankelijkheid: niet verplicht, ze dienen alleen om de gastheren u tijdens het verblijf te laten bereiken en maaltijden en onthaal voor te bereiden. Ze worden { $days } dagen na het einde van het verblijf gewist.
traveller-data-erased = gewist na het verblijf (bewaartermijn)
