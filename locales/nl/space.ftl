# space: a person's own page (/me)
space-title = Mijn ruimte
space-hello = Dag { $name }
space-settings = Mijn account: naam, taal, adres, wachtwoord, tokens
space-todo = Te doen
space-done = Wat ik deed
space-nothing-to-do = Voorlopig niets te doen.
space-nothing-done = Nog niets.
space-start = Om te beginnen:
space-start-catalogue = de producten van de coöperaties ontdekken
space-start-groups = bij een aankoopgroep aansluiten
space-start-trips = een solidaire reis boeken
space-start-practices = de praktijken van de gebieden lezen
space-area-account = Mijn account
space-area-admin = Beheer
space-area-orders = Groepsbestellingen
space-area-groups = Aankoopgroepen
space-area-producers = Producenten
space-area-catalog = Catalogus
space-area-payments = Betalingen
space-area-treasury = Thesaurie
space-area-trips = Reizen
space-area-hosting = Reizen die ik onthaal
space-area-fund = Gemeenschapsfonds
space-area-practices = Uitwisseling van praktijken
space-area-network = Netwerk
space-area-trainings = Opleidingen
space-verify-title = Mijn e-mailadres bevestigen
space-verify-detail = Open de link die naar { $email } is gestuurd: dat is nodig om te bestellen en te boeken.
space-failed-mail-title = Niet verstuurde e-mails
space-failed-mail-detail = { $count ->
    [one] Eén bericht kon niet verstuurd worden: bekijk het en verstuur het opnieuw.
   *[other] { $count } berichten konden niet verstuurd worden: bekijk ze en verstuur ze opnieuw.
}
