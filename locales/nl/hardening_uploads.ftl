err-photo-too-many-pixels = Deze afbeelding heeft te veel pixels (hoogstens { $max } megapixels): maak ze kleiner voor u ze verstuurt.
flash-photo-too-many-pixels = Deze afbeelding heeft te veel pixels: maak ze kleiner voor u ze verstuurt.
err-photo-unverified = Bevestig eerst uw e-mailadres (de link werd u gestuurd): foto's van een producent die nog niet is goedgekeurd komen van een bevestigd account.
flash-photo-unverified = Bevestig eerst uw e-mailadres (de link werd u gestuurd): foto's van een producent die nog niet is goedgekeurd komen van een bevestigd account.
