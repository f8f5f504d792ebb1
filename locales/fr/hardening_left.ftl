err-too-many-signups = Trop d’inscriptions depuis cet endroit ou pour cette adresse. Réessayez dans une minute.
