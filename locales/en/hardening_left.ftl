err-too-many-signups = Too many sign-ups from here or for this address. Try again in a minute.
