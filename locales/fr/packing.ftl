packing-title = Plan de chargement
packing-pallet = Palette { $number }
packing-parcel = Colis { $number }
packing-cases = { $count ->
    [one] { $count } carton
   *[other] { $count } cartons
}
packing-stale = Le plan ne correspond plus au contenu (des commandes ont changé) : proposez-en un nouveau.
packing-none = Pas encore de plan de chargement.
packing-propose = Proposer un plan
packing-propose-hint = Des colis de 30 kg au plus jusqu'à 150 kg, sinon des palettes de 800 kg au plus, les marchandises d'un producteur ensemble. Remplace le plan actuel.
packing-move = Déplacer des cartons
packing-move-what = Cartons de
packing-move-cases = Nombre de cartons
packing-move-to = Vers
packing-new-pallet = Une nouvelle palette
packing-new-parcel = Un nouveau colis
packing-move-save = Déplacer
flash-packing-proposed = Plan de chargement proposé.
flash-packing-moved = Cartons déplacés.
err-packing-closed = Les marchandises sont parties : le plan de chargement ne change plus.
err-packing-not-on-unit = Ce produit n'est pas sur cette palette ou ce colis.
err-packing-same-unit = Choisissez une autre palette ou un autre colis.
