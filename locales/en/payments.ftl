# payments: treasurers' books, a request's page, the pay page, receipts
books-group-intro = The group's members pay their shares into the group's account: its coordinators keep these books (statements, transfers received, refunds) for the group's shares only.
books-find = Find a payment
books-find-label = Structured communication or reference
books-find-hint = As written on the statement: +++916/8155/66569+++, 916/8155/66569 or 916815566569.
books-find-submit = Search
books-import-applied = { $count ->
    [0] No payment applied,
    [one] 1 payment applied,
   *[other] { $count } payments applied,
}
books-import-unmatched = { $count ->
    [0] no line to match,
    [one] 1 line to match,
   *[other] { $count } lines to match,
}
books-import-ignored = { $count ->
    [0] none ignored,
    [one] 1 ignored,
   *[other] { $count } ignored,
}
books-import-again = { $count ->
    [0] none imported before.
    [one] 1 imported before.
   *[other] { $count } imported before.
}
books-line-error-unreadable = Line { $n }: unreadable.
books-line-error-date = Line { $n }: "{ $value }" is not a date (write 29/11/2026 or 2026-11-29).
books-line-error-amount = Line { $n }: "{ $value }" is not an amount (write 12,50).
books-to-refund = To refund
books-holds = received { $amount }
books-excess = { $amount } too much
books-unmatched-hint = These transfers carry no known communication: say which payment each one is for.
books-open-request = Open the payment
books-owed = Owed
books-status = Status
books-waived = { $amount } taken off by a refund
books-refunded-part = of which { $amount } refunded
books-listed-max = The { $count } most recent payments are shown: find the others by their communication.
books-import-blocked-group = The group has no bank account of its own: its members pay into the partnership's account, whose treasurers import its statements. Give the group's account on the group's page to import its statements here.
books-import-blocked-partnership = First give the partnership's bank account (below).
books-refund-still-owed = The member still owes this amount (do not take it off what is owed)
books-refund-owed-hint = Unticked, the refund lowers what is owed: the member will not be asked to pay the refunded amount again.
books-group-account = The group's bank account
books-group-account-change = Change the account on the group's page
request-title = Payment requested
request-created = Requested on
request-payer-view = See the member's payment page
request-actions = What to do now
request-nothing-to-do = Nothing to do: this payment is settled.
request-cancel-hint = Nothing more will be owed. Money already received remains to be refunded.
request-payments = Payments received
request-no-payments = No payment received yet.
request-refunds = Refunds
action-refund = Refund
action-cancel = Cancel the request
action-blocked-nothing-paid = Nothing has been paid yet: nothing to refund.
action-blocked-card-off = Card payment is not available yet: pay by bank transfer.
action-blocked-nothing-owed = Nothing more is owed.
payment-method-bank = Bank transfer
payment-method-stripe = Card (Stripe)
refund-status-pending = to do
refund-status-done = done
refund-status-failed = failed
payment-flag-cancelled = Received after the cancellation: to refund
payment-flag-already-paid = Received when everything was paid
payment-flag-more-than-owed = More than was owed
pay-asked = Amount asked
pay-waived = Taken off by a refund
pay-refunded = Refunded
pay-receipt-link = Printable receipt
pay-card-amount = Pay { $amount } by card or Bancontact
pay-cancelled = This request is cancelled: nothing more is owed.
receipt-title = Payment receipt
receipt-from = Paid by
receipt-paid = Total paid
receipt-date = Date
receipt-method = Method
receipt-refund = Refund
receipt-issued = Issued on { $date }
receipt-reference = reference { $reference }
receipt-back = Back to the payment
flash-request-cancelled = Request cancelled: nothing more is owed.
group-payments-link = The group's books and payments
err-ogm-check-digits = This structured communication fails its check (the last two digits): check it on the statement.
err-group-no-own-account = The group has no bank account of its own: its statements are the partnership's.
err-request-not-cancellable = This request is already paid, refunded or cancelled: it can no longer be cancelled.
err-nothing-paid-yet = Nothing has been paid yet: no receipt for now.
space-pay-left = Left to pay: { $amount }
space-pay-left-by = Left to pay: { $amount }, by { $date }
space-paid = Paid { $amount } (on { $date })
space-lines-to-match = { $count ->
    [one] 1 statement line to match by hand
   *[other] { $count } statement lines to match by hand
}
space-to-refund = To refund: { $amount } ({ $books })
space-refund-by-hand = Refund transfer to make: { $amount } (communication { $ogm })
