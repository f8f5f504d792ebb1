# catalog
unit-languages-hint = Écrivez-la dans les langues que vous connaissez : chaque lecteur la voit dans sa langue, sinon en français.
