err-photo-too-many-pixels = Cette image compte trop de pixels (au plus { $max } mégapixels) : réduisez-la avant de l’envoyer.
flash-photo-too-many-pixels = Cette image compte trop de pixels : réduisez-la avant de l’envoyer.
err-photo-unverified = Confirmez d’abord votre adresse e-mail (le lien vous a été envoyé) : les photos d’un producteur pas encore approuvé viennent d’un compte confirmé.
flash-photo-unverified = Confirmez d’abord votre adresse e-mail (le lien vous a été envoyé) : les photos d’un producteur pas encore approuvé viennent d’un compte confirmé.
