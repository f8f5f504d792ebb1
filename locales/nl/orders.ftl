# orders: collective orders (campaigns, baskets, purchase orders)
err-nothing-to-confirm = Deze producent hoeft niets te leveren voor deze bestelling: er is niets te bevestigen.
err-sold-out = Uitverkocht: de voorraad van de producent laat geen bestelling meer toe.
err-stock-left = { $count ->
    [one] Er is nog maar { $count } eenheid over: vraag er hoogstens zoveel.
   *[other] Er zijn nog maar { $count } eenheden over: vraag er hoogstens zoveel.
}
err-producers-not-confirmed = { $count ->
    [one] Eén producent heeft zijn bestelling nog niet bevestigd.
   *[other] { $count } producenten hebben hun bestelling nog niet bevestigd.
}
cancel-reason-nothing = Er kon geen enkele doos besteld worden.
campaign-closes-on = Sluit op { $date }
campaign-vat = btw { $rate }
stock-sold-out = Uitverkocht
stock-left = nog { $count } beschikbaar
basket-save = Mijn mandje bewaren
basket-not-saved = { $count ->
    [one] Er is niets bewaard: verbeter de aangeduide lijn.
   *[other] Er is niets bewaard: verbeter de { $count } aangeduide lijnen.
}
limited-not-completed = doos niet vol
campaign-waiting-producers = { $count ->
    [one] Wacht op de bevestiging van:
   *[other] Wacht op de bevestiging van { $count } producenten:
}
flash-campaign-shipped = De bestelling is als verzonden aangeduid.
flash-order-shipped = Dank u: de bestelling is als verzonden aangeduid.
orders-colon = :
order-state-to_confirm = Te bevestigen
order-state-waiting = Bevestigd, wacht op de andere producenten
order-state-to_ship = Te verzenden
order-state-shipped = Verzonden
order-state-delivered = Geleverd
order-state-settled = Afgerekend
order-state-cancelled = Geannuleerd
orders-confirmed-title = Wat u hebt bevestigd
orders-sent-title = Uw bestelbon
orders-change = Mijn bevestiging wijzigen
orders-ship = Als verzonden aanduiden
orders-shipped-hint = De groep registreert de levering wanneer de goederen aankomen.
orders-units = { $n ->
    [one] { $n } eenheid
   *[other] { $n } eenheden
}
csv-yes = ja
csv-no = nee
mail-po-subject = Nieuwe bestelbon: { $title } ({ $group })
mail-po-intro = De bestelling "{ $title }" van { $group } werd afgesloten op { $closed-at }. Dit vraagt ze van { $producer }:
mail-po-total = Totaal: { $amount }
mail-po-delivery = Levering gepland op { $delivery-on }.
mail-po-action-hint = Bevestig de bestelling, of verlaag een hoeveelheid als u niet alles kunt leveren: de delen van de leden worden herberekend.
mail-po-action = De bestelling bekijken en bevestigen
mail-campaign-cancelled_nothing-subject = Geen enkele doos besteld: { $title } is geannuleerd
mail-campaign-cancelled_nothing-intro = De bestelronde "{ $title }" van { $group } werd afgesloten zonder dat er een doos besteld kon worden (voorraad, minimum van de producenten of onvolle dozen): ze is dus geannuleerd. U bent er niets voor verschuldigd.
space-orders-basket-empty = Mandje te vullen vóór { $date }
space-orders-basket-filled = { $count ->
    [one] Uw mandje: 1 product, te wijzigen tot { $date }
   *[other] Uw mandje: { $count } producten, te wijzigen tot { $date }
}
space-orders-result = { $state } · { $amount } · { $payment }
space-orders-next-draft = Opent op { $date }
space-orders-next-open = Open; sluit op { $date }
space-orders-next-closed = { $count ->
    [0] Afgesloten
    [one] Wacht op één producent
   *[other] Wacht op { $count } producenten
}
space-orders-next-confirmed = Als verzonden aan te duiden (levering op { $date })
space-orders-next-shipped = Levering te registreren (gepland op { $date })
space-orders-next-delivered = { $count ->
    [0] Af te rekenen
    [one] Af te rekenen zodra het laatste deel betaald is
   *[other] Af te rekenen: { $count } delen nog niet betaald
}
space-orders-group = { $count ->
    [0] Gecoördineerde groep
    [one] Gecoördineerde groep · 1 bestelling
   *[other] Gecoördineerde groep · { $count } bestellingen
}
space-orders-po-to-confirm = Bestelbon te bevestigen · { $cases } · levering op { $date }
space-orders-po-waiting = Bevestigd, wacht op de andere producenten · { $cases }
space-orders-po-to-ship = Te verzenden · { $cases } · levering op { $date }
space-orders-po-shipped = Verzonden · { $cases } · levering op { $date }
space-orders-po-delivered = Geleverd · { $cases }
space-orders-po-settled = Afgerekend · { $cases }
space-orders-po-cancelled = Geannuleerd · { $cases }
campaign-title-suggestion = Bestelling { $month }
basket-running = Mijn mandje:
