# catalog
unit-languages-hint = Write it in the languages you know: each reader sees it in their language, else in French.
product-photo = Photo of the product
product-photo-again = Choose the photo again: the browser does not keep it when the form comes back.
flash-photo-already = This photo is already there: it is kept only once.
flash-product-saved-with-photo = Product saved with its photo.
