# Why a request is refused: the current state (AppError::Conflict), a gone link (Gone), a query out of range (BadInput).
err-exists = هذا موجود بالفعل.
err-partnership-exists = لهذين الإقليمين شراكة بالفعل.
err-waitlist-places-left = ما زالت هناك أماكن كافية: احجزها مباشرة.
err-email-unverified = أكّد عنوان بريدك الإلكتروني أولاً (بالرابط الذي أرسلناه إليك).
err-departure-cancelled = تم إلغاء هذه الرحلة.
err-departure-started = انطلقت هذه الرحلة بالفعل.
err-booking-not-active = هذا الحجز لم يعد قائماً: لا شيء لإلغائه.
err-changed-meanwhile = غيّر أحدهم هذا في الأثناء: راجع الصفحة المحدَّثة وأعد المحاولة.
err-message-not-failed = لا يمكن إعادة إرسال سوى الرسائل التي فشل إرسالها.
err-training-started = بدأ هذا التكوين بالفعل.
err-registration-cancelled = هذا التسجيل ملغى بالفعل.
err-campaign-wrong-state = هذا الإجراء غير ممكن في الحالة الحالية للطلبية.
err-campaign-not-closed = الطلبية لم تُغلق بعد.
err-campaign-closed = الطلبية مغلقة: لم يعد بالإمكان تعديل السلال.
err-campaign-not-open-yet = تُفتح الطلبية يوم { $opens }.
err-nothing-owed = لم يعد هناك أي مبلغ مستحق على هذا الطلب.
err-no-bank-account-yet = ليس للشراكة { $partnership } حساب بنكي بعد.
err-line-applied = هذا السطر من الكشف مُسجَّل بالفعل.
err-already-verified = هذا العنوان مؤكَّد بالفعل.
err-link-expired = انتهت صلاحية هذا الرابط.
err-link-used = سبق استخدام هذا الرابط.
err-unpaid-shares = { $count ->
    [one] حصة واحدة لم تُسوَّ بعد (غير مدفوعة أو مدفوعة جزئياً أو بزيادة).
    [two] حصتان لم تُسوَّيا بعد (غير مدفوعتين أو مدفوعتين جزئياً أو بزيادة).
    [few] { $count } حصص لم تُسوَّ بعد (غير مدفوعة أو مدفوعة جزئياً أو بزيادة).
   *[other] { $count } حصة لم تُسوَّ بعد (غير مدفوعة أو مدفوعة جزئياً أو بزيادة).
}
error-back = العودة إلى الصفحة السابقة
err-year-between = أدخل سنة بين { $min } و{ $max }.
