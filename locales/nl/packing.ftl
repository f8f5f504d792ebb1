packing-title = Laadplan
packing-pallet = Pallet { $number }
packing-parcel = Pakket { $number }
packing-cases = { $count ->
    [one] { $count } doos
   *[other] { $count } dozen
}
packing-stale = Het plan komt niet meer overeen met de inhoud (bestellingen zijn gewijzigd): stel een nieuw voor.
packing-none = Nog geen laadplan.
packing-propose = Een plan voorstellen
packing-propose-hint = Pakketten van hoogstens 30 kg tot 150 kg, anders pallets van hoogstens 800 kg, de goederen van een producent samen. Vervangt het huidige plan.
packing-move = Dozen verplaatsen
packing-move-what = Dozen van
packing-move-cases = Aantal dozen
packing-move-to = Naar
packing-new-pallet = Een nieuwe pallet
packing-new-parcel = Een nieuw pakket
packing-move-save = Verplaatsen
flash-packing-proposed = Laadplan voorgesteld.
flash-packing-moved = Dozen verplaatst.
err-packing-closed = De goederen zijn vertrokken: het laadplan verandert niet meer.
err-packing-not-on-unit = Dit product staat niet op deze pallet of in dit pakket.
err-packing-same-unit = Kies een andere pallet of een ander pakket.
