account-token-expires = valable jusqu'au { $date }
account-token-expired = expiré le { $date }
mail-account-exists-subject = Votre compte Passerelle existe déjà
mail-account-exists-intro = Quelqu'un, peut-être vous, a voulu créer un compte Passerelle avec cette adresse. Elle a déjà un compte : aucun autre n'a été créé.
mail-account-exists-login = Pour vous connecter :
mail-account-exists-reset = Mot de passe oublié ? Choisissez-en un nouveau :
mail-account-exists-not-you = Si ce n'était pas vous, ignorez ce message : votre compte n'a pas changé.
flash-signup-check-email = Un message est parti vers { $email } : il vous dit la suite. Si vous venez de créer votre compte, connectez-vous.
