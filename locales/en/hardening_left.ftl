err-too-many-signups = Too many sign-ups from here or for this address. Try again in a minute.
photos-confirm-first = Before you add photos, confirm your email address with the link we sent you (needed until the producer is approved).
photos-confirm-where = Your account
