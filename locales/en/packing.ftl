packing-title = Packing plan
packing-pallet = Pallet { $number }
packing-parcel = Parcel { $number }
packing-cases = { $count ->
    [one] { $count } case
   *[other] { $count } cases
}
packing-stale = The plan no longer matches the contents (orders changed): propose a new one.
packing-none = No packing plan yet.
packing-propose = Propose a plan
packing-propose-hint = Parcels of at most 30 kg up to 150 kg, else pallets of at most 800 kg, a producer's goods together. Replaces the current plan.
packing-move = Move cases
packing-move-what = Cases of
packing-move-cases = Number of cases
packing-move-to = To
packing-new-pallet = A new pallet
packing-new-parcel = A new parcel
packing-move-save = Move
flash-packing-proposed = Packing plan proposed.
flash-packing-moved = Cases moved.
err-packing-closed = The goods have left: the packing plan no longer changes.
err-packing-not-on-unit = This product is not on this pallet or parcel.
err-packing-same-unit = Choose another pallet or parcel.
