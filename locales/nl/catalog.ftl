# catalog
unit-languages-hint = Schrijf ze in de talen die u kent: elke lezer ziet ze in zijn taal, anders in het Frans.
product-photo = Foto van het product
product-photo-again = Kies de foto opnieuw: de browser bewaart ze niet wanneer het formulier terugkomt.
flash-photo-already = Deze foto staat er al: ze wordt maar één keer bewaard.
flash-product-saved-with-photo = Product met zijn foto opgeslagen.
