# Shipments: purchase orders carried from the cooperatives to the Belgian pickup points.
shipments-title = Zendingen — { $partnership }
shipments-lead = Een zending bundelt bevestigde inkooporders van producenten en volgt ze van de coöperatie tot de afhaalpunten.
shipments-none = Nog geen zending.
shipments-new = Nieuwe zending
shipments-link = Zendingen
shipment-origin = Regio van vertrek
shipment-carrier = Vervoerder
shipment-expected-on = Verwachte aankomst
shipment-create = Zending aanmaken
shipment-orders-count = { $count ->
    [one] { $count } inkooporder
   *[other] { $count } inkooporders
}
shipment-title = Zending { $reference }
shipment-created-on = Aangemaakt op { $date }
shipment-contents = Inhoud
shipment-producer = Producent
shipment-product = Product
shipment-hs-code = GS-code
shipment-units = Eenheden
shipment-cases = Dozen
shipment-net = Nettogewicht
shipment-gross = Brutogewicht
shipment-value = Aangegeven waarde
shipment-total = Totaal
shipment-total-of = Totaal { $producer }
shipment-kg = { $kg } kg
shipment-purchase-orders = Inkooporders
shipment-campaign = Groepsbestelling
shipment-no-orders = Geen inkooporder in deze zending.
shipment-remove = Verwijderen
shipment-add-orders = Inkooporders toevoegen
shipment-add = Toevoegen
shipment-no-waiting = Geen bevestigde inkooporder wacht op verzending.
shipment-not-preparing = De zending wordt niet meer voorbereid: haar inkooporders veranderen niet meer.
shipment-timeline = Opvolging
shipment-next-step = Volgende stap: { $step }
shipment-record = Stap registreren
shipment-step-date = Datum
shipment-step-note = Opmerking (facultatief)
shipment-done = Zending verdeeld: niets meer te doen.
shipment-needs-orders = Voeg minstens één inkooporder toe voor je de ophaling registreert.
shipment-step-preparing = In voorbereiding
shipment-step-collected = Opgehaald
shipment-step-export-cleared = Uitklaring bij uitvoer
shipment-step-in-transit = Onderweg
shipment-step-import-cleared = Inklaring bij invoer
shipment-step-arrived = Aangekomen
shipment-step-distributed = Verdeeld
shipment-where = Je producten zijn onderweg: { $step } (zending { $reference }).
shipment-where-expected = Verwachte aankomst op { $date }.
flash-shipment-created = Zending aangemaakt.
flash-shipment-order-added = Inkooporder aan de zending toegevoegd.
flash-shipment-order-removed = Inkooporder uit de zending verwijderd.
flash-shipment-step = Stap geregistreerd.
err-shipment-step-final = De zending is verdeeld: er valt geen stap meer te registreren.
err-shipment-step-done = Deze stap is al geregistreerd. De volgende stap is: { $next ->
    [collected] opgehaald
    [export_cleared] uitklaring bij uitvoer
    [in_transit] onderweg
    [import_cleared] inklaring bij invoer
    [arrived] aangekomen
   *[other] verdeeld
}.
err-shipment-step-skipped = Stappen worden in volgorde geregistreerd: de volgende stap is { $next ->
    [collected] opgehaald
    [export_cleared] uitklaring bij uitvoer
    [in_transit] onderweg
    [import_cleared] inklaring bij invoer
    [arrived] aangekomen
   *[other] verdeeld
}.
err-shipment-step-before = Deze datum ligt vóór de vorige stap ({ $date }).
err-shipment-step-unknown = Kies een stap uit de lijst.
err-shipment-empty = De zending bevat geen inkooporder: voeg er een toe voor ze vertrekt.
err-shipment-not-preparing = De zending wordt niet meer voorbereid: haar inkooporders veranderen niet meer.
err-shipment-no-such-campaign = Deze groepsbestelling bestaat niet.
err-shipment-campaign-not-confirmed = De bestelling "{ $campaign }" is niet bevestigd: elke producent moet eerst zijn inkooporder bevestigen.
err-shipment-order-empty = Deze producent heeft niets te leveren voor deze bestelling.
err-shipment-order-taken = Deze inkooporder zit al in zending { $shipment }.
err-shipment-order-taken-meanwhile = Deze inkooporder werd net aan een andere zending toegevoegd.
err-hs-code = Een GS-code telt 6 tot 10 cijfers.
field-hs-code = Douanecode (GS)
hs-code-hint = 6 tot 10 cijfers, voor de papieren van de zendingen (bijvoorbeeld 1515 90 voor arganolie).
field-case-tare = Gewicht van de verpakking van één doos (gram)
case-tare-hint = Karton en opvulling van één doos, voor het brutogewicht van de zendingen.
shipment-order-units = { $count ->
    [one] { $count } eenheid
   *[other] { $count } eenheden
}
space-area-shipments = Zendingen
space-shipments-waiting = { $count ->
    [one] Eén bevestigde inkooporder wacht op een zending.
   *[other] { $count } bevestigde inkooporders wachten op een zending.
}
