err-photo-too-many-pixels = This image has too many pixels (at most { $max } megapixels): make it smaller before sending it.
flash-photo-too-many-pixels = This image has too many pixels: make it smaller before sending it.
err-photo-unverified = First confirm your email address (the link was sent to you): photos of a producer not yet approved come from a confirmed account.
flash-photo-unverified = First confirm your email address (the link was sent to you): photos of a producer not yet approved come from a confirmed account.
