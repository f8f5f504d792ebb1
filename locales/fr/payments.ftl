# payments
