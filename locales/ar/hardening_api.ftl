payment-flag-other-amount = ليس المبلغ المطلوب
