# Why a request is refused: the current state (AppError::Conflict), a gone link (Gone), a query out of range (BadInput).
err-exists = This already exists.
err-partnership-exists = These two territories already have a partnership.
err-waitlist-places-left = There are enough places left: book them.
err-email-unverified = Confirm your email address first (with the link we sent you).
err-departure-cancelled = This departure is cancelled.
err-departure-started = This departure has already left.
err-booking-not-active = This booking is no longer active: there is nothing to cancel.
err-changed-meanwhile = Someone changed this meanwhile: check the updated page and try again.
err-message-not-failed = Only failed messages can be retried.
err-training-started = This training has already begun.
err-registration-cancelled = This registration is already cancelled.
err-campaign-wrong-state = This is not possible in the order's current state.
err-campaign-not-closed = The order is not closed yet.
err-campaign-closed = The order is closed: baskets can no longer change.
err-campaign-not-open-yet = The order opens on { $opens }.
err-nothing-owed = Nothing is owed on this request any more.
err-no-bank-account-yet = The partnership { $partnership } has no bank account yet.
err-line-applied = This statement line is already applied.
err-already-verified = This address is already confirmed.
err-link-expired = This link has expired.
err-link-used = This link has already been used.
err-unpaid-shares = { $count ->
    [one] One share is not settled yet (unpaid, partly paid or overpaid).
   *[other] { $count } shares are not settled yet (unpaid, partly paid or overpaid).
}
error-back = Back to the previous page
err-year-between = Give a year between { $min } and { $max }.
