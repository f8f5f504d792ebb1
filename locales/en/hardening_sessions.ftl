account-token-expires = valid until { $date }
account-token-expired = expired on { $date }
mail-account-exists-subject = You already have a Passerelle account
mail-account-exists-intro = Someone, perhaps you, tried to create a Passerelle account with this address. It already has one: no other account was created.
mail-account-exists-login = To log in:
mail-account-exists-reset = Forgot your password? Choose a new one:
mail-account-exists-not-you = If it was not you, ignore this message: your account has not changed.
flash-signup-check-email = A message is on its way to { $email }: it tells you what comes next. If you have just created your account, log in.
