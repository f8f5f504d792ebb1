# catalog
unit-languages-hint = Écrivez-la dans les langues que vous connaissez : chaque lecteur la voit dans sa langue, sinon en français.
product-photo = Photo du produit
product-photo-again = Choisissez à nouveau la photo : le navigateur ne la garde pas quand le formulaire revient.
flash-photo-already = Cette photo est déjà là : elle n’est gardée qu’une fois.
flash-product-saved-with-photo = Produit enregistré avec sa photo.
