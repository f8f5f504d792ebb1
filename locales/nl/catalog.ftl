# catalog
unit-languages-hint = Schrijf ze in de talen die u kent: elke lezer ziet ze in zijn taal, anders in het Frans.
product-photo = Foto van het product
product-photo-again = Kies de foto opnieuw: de browser bewaart ze niet wanneer het formulier terugkomt.
flash-photo-already = Deze foto staat er al: ze wordt maar één keer bewaard.
flash-product-saved-with-photo = Product met zijn foto opgeslagen.
approval-title = Goedkeuring
approval-pending-text = de coördinatie van het partnerschap bekijkt het profiel.
approval-rejected-text = de coördinatie van het partnerschap heeft dit profiel niet goedgekeurd: verbeter het en vraag een nieuw onderzoek aan.
approval-approved-text = de producten staan in de catalogus.
approval-reason = Reden:
approval-missing = Het profiel mist nog:
approval-complete = Profiel aanvullen
approval-resubmit = Nieuw onderzoek aanvragen
approval-withdraw = Goedkeuring intrekken
producer-waiting-for = Nog niet mogelijk: er ontbreekt { $missing }.
gap-description = een voorstelling
gap-contact = een contactadres of telefoonnummer
gap-odco-number = het ODCo-nummer
gap-photo = een foto
gap-products = producten in de catalogus
flash-producer-resubmitted = Aanvraag verstuurd: de coördinatie van het partnerschap bekijkt het profiel opnieuw.
err-producer-incomplete = Het profiel heeft eerst een voorstelling en een contact (e-mail of telefoon) nodig.
err-producer-already-reviewed = Deze producent is al beoordeeld: de pagina toont de huidige stand.
err-producer-not-rejected = Dit profiel is niet geweigerd: er valt niets opnieuw aan te vragen.
err-review-reason-required = Geef de reden van de weigering: ze wordt naar de producent gestuurd.
photos-count = { $count ->
    [one] 1 foto van de { $max }
   *[other] { $count } foto’s van de { $max }
}
approval-reviewed-on = Beoordeeld op { $date }.
space-producer-pending = Wacht op de goedkeuring van de coördinatie van het partnerschap.
space-producer-pending-missing = Wacht op goedkeuring; er ontbreekt nog { $missing }.
space-producer-rejected = Geweigerd: “{ $note }”. Verbeter het profiel en vraag een nieuw onderzoek aan.
space-producer-complete = Goedgekeurd; nog aan te vullen: { $missing }.
space-producer-approved = Goedgekeurd op { $date }.
space-product-no-photo = Zonder foto: voeg er een toe voor de catalogus.
space-product-no-price = Zonder prijs: vul hem in.
space-review-producer = Wacht op uw goedkeuring ({ $partnership }), ingeschreven op { $date }.
space-review-producer-missing = Ingeschreven op { $date } ({ $partnership }); er ontbreekt nog { $missing } om goedgekeurd te worden.
