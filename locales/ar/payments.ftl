# payments: treasurers' books, a request's page, the pay page, receipts
books-group-intro = يدفع أعضاء المجموعة حصصهم في حساب المجموعة: يمسك منسقوها هذه الحسابات (كشوف الحساب، التحويلات المستلمة، الاستردادات) لحصص المجموعة فقط.
books-find = البحث عن دفعة
books-find-label = البلاغ المهيكل أو المرجع
books-find-hint = كما يظهر في كشف الحساب: ‎+++916/8155/66569+++‎ أو ‎916/8155/66569‎ أو ‎916815566569‎.
books-find-submit = بحث
books-import-applied = { $count ->
    [zero] لم تُطبَّق أي دفعة،
    [one] دفعة واحدة مطبَّقة،
    [two] دفعتان مطبَّقتان،
    [few] { $count } دفعات مطبَّقة،
    [many] { $count } دفعة مطبَّقة،
   *[other] { $count } دفعة مطبَّقة،
}
books-import-unmatched = { $count ->
    [zero] لا سطر للمطابقة،
    [one] سطر واحد للمطابقة،
    [two] سطران للمطابقة،
    [few] { $count } أسطر للمطابقة،
    [many] { $count } سطرًا للمطابقة،
   *[other] { $count } سطر للمطابقة،
}
books-import-ignored = { $count ->
    [zero] لا شيء متجاهَل،
    [one] سطر واحد متجاهَل،
    [two] سطران متجاهَلان،
    [few] { $count } أسطر متجاهَلة،
    [many] { $count } سطرًا متجاهَلًا،
   *[other] { $count } سطر متجاهَل،
}
books-import-again = { $count ->
    [zero] لا شيء مستورد سابقًا.
    [one] سطر واحد مستورد سابقًا.
    [two] سطران مستوردان سابقًا.
    [few] { $count } أسطر مستوردة سابقًا.
    [many] { $count } سطرًا مستوردًا سابقًا.
   *[other] { $count } سطر مستورد سابقًا.
}
books-line-error-unreadable = السطر { $n }: غير مقروء.
books-line-error-date = السطر { $n }: «{ $value }» ليس تاريخًا (اكتب 29/11/2026 أو 2026-11-29).
books-line-error-amount = السطر { $n }: «{ $value }» ليس مبلغًا (اكتب 12,50).
books-to-refund = للاسترداد
books-holds = المستلم { $amount }
books-excess = { $amount } زيادة
books-unmatched-hint = هذه التحويلات لا تحمل أي بلاغ معروف: حدّد الدفعة التي يخصها كل تحويل.
books-open-request = فتح الدفعة
books-owed = المستحق
books-status = الحالة
books-waived = { $amount } مخصومة بالاسترداد
books-refunded-part = منها { $amount } مستردة
books-listed-max = تُعرض أحدث { $count } دفعة: ابحث عن غيرها ببلاغها.
books-import-blocked-group = ليس للمجموعة حساب بنكي خاص بها: يدفع أعضاؤها في حساب الشراكة الذي يستورد أمناء صندوقها كشوفه. أدخل حساب المجموعة في صفحة المجموعة لاستيراد كشوفها هنا.
books-import-blocked-partnership = أدخل أولًا الحساب البنكي للشراكة (أدناه).
books-refund-still-owed = ما زال العضو مدينًا بهذا المبلغ (لا يُخصم مما هو مستحق)
books-refund-owed-hint = دون هذا الخيار، يخفّض الاسترداد ما هو مستحق: لن يُطلب من العضو دفع المبلغ المسترد مرة أخرى.
books-group-account = الحساب البنكي للمجموعة
books-group-account-change = تعديل الحساب في صفحة المجموعة
request-title = دفعة مطلوبة
request-created = تاريخ الطلب
request-payer-view = عرض صفحة الدفع الخاصة بالعضو
request-actions = ما العمل الآن
request-nothing-to-do = لا شيء للقيام به: هذه الدفعة مسوّاة.
request-cancel-hint = لن يبقى أي مبلغ مستحق. ما استُلم من قبل يبقى للاسترداد.
request-payments = المدفوعات المستلمة
request-no-payments = لم تُستلم أي دفعة بعد.
request-refunds = الاستردادات
action-refund = استرداد
action-cancel = إلغاء الطلب
action-blocked-nothing-paid = لم يُدفع شيء بعد: لا شيء للاسترداد.
action-blocked-card-off = الدفع بالبطاقة غير متاح بعد: ادفع عبر تحويل بنكي.
action-blocked-nothing-owed = لم يعد هناك أي مبلغ مستحق.
payment-method-bank = تحويل بنكي
payment-method-stripe = بطاقة (Stripe)
refund-status-pending = للإنجاز
refund-status-done = منجز
refund-status-failed = فشل
payment-flag-cancelled = استُلم بعد الإلغاء: للاسترداد
payment-flag-already-paid = استُلم بينما كان كل شيء مدفوعًا
payment-flag-more-than-owed = أكثر مما كان مستحقًا
pay-asked = المبلغ المطلوب
pay-waived = مخصوم بالاسترداد
pay-refunded = المسترد
pay-receipt-link = إيصال قابل للطباعة
pay-card-amount = ادفع { $amount } بالبطاقة أو عبر Bancontact
pay-cancelled = هذا الطلب ملغى: لم يعد هناك أي مبلغ مستحق.
receipt-title = إيصال الدفع
receipt-from = دفعه
receipt-paid = مجموع المدفوع
receipt-date = التاريخ
receipt-method = الوسيلة
receipt-refund = استرداد
receipt-issued = حُرّر في { $date }
receipt-reference = المرجع { $reference }
receipt-back = العودة إلى الدفعة
flash-request-cancelled = أُلغي الطلب: لم يعد هناك أي مبلغ مستحق.
group-payments-link = حسابات المجموعة ومدفوعاتها
err-ogm-check-digits = هذا البلاغ المهيكل لا يجتاز التحقق (الرقمان الأخيران): تحقّق منه في كشف الحساب.
err-group-no-own-account = ليس للمجموعة حساب بنكي خاص بها: كشوفها هي كشوف الشراكة.
err-request-not-cancellable = هذا الطلب مدفوع أو مسترد أو ملغى بالفعل: لم يعد من الممكن إلغاؤه.
err-nothing-paid-yet = لم يُدفع شيء بعد: لا إيصال حاليًا.
space-pay-left = المتبقي للدفع: { $amount }
space-pay-left-by = المتبقي للدفع: { $amount }، قبل { $date }
space-paid = دُفع { $amount } (في { $date })
space-lines-to-match = { $count ->
    [zero] لا سطر من كشف الحساب للمطابقة يدويًا
    [one] سطر واحد من كشف الحساب للمطابقة يدويًا
    [two] سطران من كشف الحساب للمطابقة يدويًا
    [few] { $count } أسطر من كشف الحساب للمطابقة يدويًا
    [many] { $count } سطرًا من كشف الحساب للمطابقة يدويًا
   *[other] { $count } سطر من كشف الحساب للمطابقة يدويًا
}
space-to-refund = للاسترداد: { $amount } ({ $books })
space-refund-by-hand = تحويل استرداد يجب إنجازه: { $amount } (البلاغ { $ogm })
