# payments: treasurers' books, a request's page, the pay page, receipts
books-group-intro = De leden van de groep betalen hun aandeel op de rekening van de groep: de coördinatoren houden deze boeken bij (uittreksels, ontvangen overschrijvingen, terugbetalingen), alleen voor de aandelen van de groep.
books-find = Een betaling terugvinden
books-find-label = Gestructureerde mededeling of referentie
books-find-hint = Zoals op het rekeninguittreksel: +++916/8155/66569+++, 916/8155/66569 of 916815566569.
books-find-submit = Zoeken
books-import-applied = { $count ->
    [0] Geen betalingen verwerkt,
    [one] 1 betaling verwerkt,
   *[other] { $count } betalingen verwerkt,
}
books-import-unmatched = { $count ->
    [0] geen lijnen te koppelen,
    [one] 1 lijn te koppelen,
   *[other] { $count } lijnen te koppelen,
}
books-import-ignored = { $count ->
    [0] geen genegeerd,
    [one] 1 genegeerd,
   *[other] { $count } genegeerd,
}
books-import-again = { $count ->
    [0] geen eerder ingelezen.
    [one] 1 eerder ingelezen.
   *[other] { $count } eerder ingelezen.
}
books-line-error-unreadable = Lijn { $n }: onleesbaar.
books-line-error-date = Lijn { $n }: '{ $value }' is geen datum (schrijf 29/11/2026 of 2026-11-29).
books-line-error-amount = Lijn { $n }: '{ $value }' is geen bedrag (schrijf 12,50).
books-to-refund = Terug te betalen
books-holds = ontvangen { $amount }
books-excess = { $amount } te veel
books-unmatched-hint = Deze overschrijvingen dragen geen gekende mededeling: geef aan bij welke betaling elk hoort.
books-open-request = Betaling openen
books-owed = Verschuldigd
books-status = Status
books-waived = { $amount } afgetrokken door terugbetaling
books-refunded-part = waarvan { $amount } terugbetaald
books-listed-max = De { $count } recentste betalingen worden getoond: vind de andere terug via hun mededeling.
books-import-blocked-group = De groep heeft geen eigen bankrekening: de leden betalen op de rekening van het partnerschap, waarvan de penningmeesters de uittreksels inlezen. Geef de rekening van de groep op de groepspagina op om hier haar uittreksels in te lezen.
books-import-blocked-partnership = Geef eerst de bankrekening van het partnerschap op (hieronder).
books-refund-still-owed = Het lid is dit bedrag nog verschuldigd (niet aftrekken van wat verschuldigd is)
books-refund-owed-hint = Zonder dit vakje verlaagt de terugbetaling wat verschuldigd is: het lid hoeft het terugbetaalde bedrag niet opnieuw te betalen.
books-group-account = Bankrekening van de groep
books-group-account-change = De rekening wijzigen op de groepspagina
request-title = Gevraagde betaling
request-created = Gevraagd op
request-payer-view = De betaalpagina van het lid bekijken
request-actions = Wat nu te doen
request-nothing-to-do = Niets te doen: deze betaling is afgehandeld.
request-cancel-hint = Er is niets meer verschuldigd. Wat al ontvangen is, moet nog terugbetaald worden.
request-payments = Ontvangen betalingen
request-no-payments = Nog geen betaling ontvangen.
request-refunds = Terugbetalingen
action-refund = Terugbetalen
action-cancel = Verzoek annuleren
action-blocked-nothing-paid = Er is nog niets betaald: niets terug te betalen.
action-blocked-card-off = Betalen met kaart is nog niet mogelijk: betaal met een overschrijving.
action-blocked-nothing-owed = Er is niets meer verschuldigd.
payment-method-bank = Overschrijving
payment-method-stripe = Kaart (Stripe)
refund-status-pending = te doen
refund-status-done = gedaan
refund-status-failed = mislukt
payment-flag-cancelled = Ontvangen na de annulering: terug te betalen
payment-flag-already-paid = Ontvangen terwijl alles betaald was
payment-flag-more-than-owed = Meer dan verschuldigd
pay-asked = Gevraagd bedrag
pay-waived = Afgetrokken door terugbetaling
pay-refunded = Terugbetaald
pay-receipt-link = Afdrukbaar betalingsbewijs
pay-card-amount = { $amount } betalen met kaart of Bancontact
pay-cancelled = Dit verzoek is geannuleerd: er is niets meer verschuldigd.
receipt-title = Betalingsbewijs
receipt-from = Betaald door
receipt-paid = Totaal betaald
receipt-date = Datum
receipt-method = Betaalwijze
receipt-refund = Terugbetaling
receipt-issued = Opgemaakt op { $date }
receipt-reference = referentie { $reference }
receipt-back = Terug naar de betaling
flash-request-cancelled = Verzoek geannuleerd: er is niets meer verschuldigd.
group-payments-link = Boekhouding en betalingen van de groep
err-ogm-check-digits = Deze gestructureerde mededeling klopt niet (de laatste twee cijfers): controleer ze op het uittreksel.
err-group-no-own-account = De groep heeft geen eigen bankrekening: haar uittreksels zijn die van het partnerschap.
err-request-not-cancellable = Dit verzoek is al betaald, terugbetaald of geannuleerd: het kan niet meer geannuleerd worden.
err-nothing-paid-yet = Er is nog niets betaald: nog geen betalingsbewijs.
space-pay-left = Nog te betalen: { $amount }
space-pay-left-by = Nog te betalen: { $amount }, vóór { $date }
space-paid = { $amount } betaald (op { $date })
space-lines-to-match = { $count ->
    [one] 1 lijn van een uittreksel met de hand te koppelen
   *[other] { $count } lijnen van uittreksels met de hand te koppelen
}
space-to-refund = Terug te betalen: { $amount } ({ $books })
space-refund-by-hand = Terugbetaling per overschrijving te doen: { $amount } (mededeling { $ogm })
