err-too-many-signups = Trop d’inscriptions depuis cet endroit ou pour cette adresse. Réessayez dans une minute.
photos-confirm-first = Avant d’ajouter des photos, confirmez votre adresse e-mail avec le lien que nous vous avons envoyé (nécessaire tant que le producteur n’est pas approuvé).
photos-confirm-where = Votre compte
