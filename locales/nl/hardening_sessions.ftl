account-token-expires = geldig tot { $date }
account-token-expired = verlopen op { $date }
mail-account-exists-subject = U hebt al een Passerelle-account
mail-account-exists-intro = Iemand, misschien u, wilde een Passerelle-account aanmaken met dit adres. Het heeft al een account: er is geen ander aangemaakt.
mail-account-exists-login = Om in te loggen:
mail-account-exists-reset = Wachtwoord vergeten? Kies een nieuw:
mail-account-exists-not-you = Was u het niet, negeer dan dit bericht: uw account is niet gewijzigd.
flash-signup-check-email = Er is een bericht verstuurd naar { $email }: het zegt u wat u verder moet doen. Hebt u net uw account aangemaakt, log dan in.
