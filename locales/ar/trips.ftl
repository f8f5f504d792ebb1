# trips: the trip page, the booking page, the hosts' departures and the booking emails.
trip-tier-at-least = { $days ->
    [zero] { $days } يوم أو أكثر قبل البداية
    [one] يوم واحد أو أكثر قبل البداية
    [two] يومان أو أكثر قبل البداية
    [few] { $days } أيام أو أكثر قبل البداية
    [many] { $days } يومًا أو أكثر قبل البداية
   *[other] { $days } يوم أو أكثر قبل البداية
}: { $bp ->
    [0] لا يُحتجز أي شيء
   *[other] يُحتجز { $percent } من الثمن
}
trip-tier-between = من { $from } إلى { $to } يومًا قبل البداية: { $bp ->
    [0] لا يُحتجز أي شيء
   *[other] يُحتجز { $percent } من الثمن
}
trip-tier-under = { $days ->
    [zero] أقل من { $days } يوم قبل البداية
    [one] أقل من يوم واحد قبل البداية
    [two] أقل من يومين قبل البداية
    [few] أقل من { $days } أيام قبل البداية
    [many] أقل من { $days } يومًا قبل البداية
   *[other] أقل من { $days } يوم قبل البداية
}: { $bp ->
    [0] لا يُحتجز أي شيء
   *[other] يُحتجز { $percent } من الثمن
}
trip-you-booked = { $seats ->
    [zero] لقد حجزت { $seats } مكان في هذا الموعد.
    [one] لقد حجزت مكانًا واحدًا في هذا الموعد.
    [two] لقد حجزت مكانين في هذا الموعد.
    [few] لقد حجزت { $seats } أماكن في هذا الموعد.
    [many] لقد حجزت { $seats } مكانًا في هذا الموعد.
   *[other] لقد حجزت { $seats } مكان في هذا الموعد.
}
trip-see-booking = عرض حجزي
trip-you-wait = { $seats ->
    [zero] أنت في قائمة انتظار هذا الموعد من أجل { $seats } مكان.
    [one] أنت في قائمة انتظار هذا الموعد من أجل مكان واحد.
    [two] أنت في قائمة انتظار هذا الموعد من أجل مكانين.
    [few] أنت في قائمة انتظار هذا الموعد من أجل { $seats } أماكن.
    [many] أنت في قائمة انتظار هذا الموعد من أجل { $seats } مكانًا.
   *[other] أنت في قائمة انتظار هذا الموعد من أجل { $seats } مكان.
}
trip-leave-waitlist = مغادرة قائمة الانتظار
flash-waitlist-left = لقد غادرت قائمة الانتظار.
booking-paid = المدفوع: { $amount }
booking-next = الخطوة التالية
booking-host-view = أنت تطّلع على هذا الحجز بصفتك مضيفًا لهذه الإقامة.
booking-from-waitlist = هذه الأماكن مقترحة عليك من قائمة الانتظار.
booking-balance-left = الرصيد المتبقي للدفع: { $amount }
booking-paid-in-full = ثمن الإقامة مدفوع بالكامل: لم يبق شيء للدفع.
booking-calendar = إضافة إلى تقويمي (.ics)
booking-cancelled-reason = السبب:
booking-no-refund = لا يُستردّ أي مبلغ.
booking-nothing-owed = لم يبق أي مبلغ للدفع عن هذا الحجز.
booking-book-again = عرض مواعيد هذه الإقامة
booking-expired-note = لم تُدفع هذه الأماكن في الوقت المحدد، فأُعيد عرضها للحجز.
booking-cancel-preview-tier = { $days ->
    [zero] إذا ألغيت اليوم ({ $days } يوم قبل البداية)، فسيُرَدّ إليك { $amount } وفقًا لشروط الإلغاء.
    [one] إذا ألغيت اليوم (يوم واحد قبل البداية)، فسيُرَدّ إليك { $amount } وفقًا لشروط الإلغاء.
    [two] إذا ألغيت اليوم (يومين قبل البداية)، فسيُرَدّ إليك { $amount } وفقًا لشروط الإلغاء.
    [few] إذا ألغيت اليوم ({ $days } أيام قبل البداية)، فسيُرَدّ إليك { $amount } وفقًا لشروط الإلغاء.
    [many] إذا ألغيت اليوم ({ $days } يومًا قبل البداية)، فسيُرَدّ إليك { $amount } وفقًا لشروط الإلغاء.
   *[other] إذا ألغيت اليوم ({ $days } يوم قبل البداية)، فسيُرَدّ إليك { $amount } وفقًا لشروط الإلغاء.
}
booking-host-cancel = إلغاء هذا الحجز (المضيفون)
booking-host-cancel-preview = سيُرَدّ إلى المسافر كل ما دفعه ({ $amount })، وتُعرض أماكنه للحجز من جديد.
field-trip-cancel-reason = السبب (يُبلَّغ إلى المسافرين)
departure-state = حالة الموعد
departure-confirmed-seats = { $confirmed ->
    [zero] { $confirmed } مكان مؤكَّد (الحد الأدنى للمجموعة: { $min })
    [one] مكان واحد مؤكَّد (الحد الأدنى للمجموعة: { $min })
    [two] مكانان مؤكَّدان (الحد الأدنى للمجموعة: { $min })
    [few] { $confirmed } أماكن مؤكَّدة (الحد الأدنى للمجموعة: { $min })
    [many] { $confirmed } مكانًا مؤكَّدًا (الحد الأدنى للمجموعة: { $min })
   *[other] { $confirmed } مكان مؤكَّد (الحد الأدنى للمجموعة: { $min })
}
departure-confirm = تأكيد الموعد
departure-confirm-hint = تلتزم بالانطلاق حتى لو لم تبلغ المجموعة { $min } مسافرين: لن يُلغى الموعد في تاريخ دفع الرصيد.
departure-confirm-hint-reached = بلغت المجموعة حدها الأدنى: أكّد الموعد لإعلانه لمن يطّلع على الإقامة.
departure-cancel = إلغاء الموعد
departure-cancel-hint = تُلغى كل حجوزات هذا الموعد ويُرَدّ إلى المسافرين كل ما دفعوه. يتلقى كل واحد منهم رسالة إلكترونية بالسبب الذي تذكره.
departure-cancel-confirm = إلغاء الموعد وردّ المبالغ إلى المسافرين
flash-departure-confirmed = تم تأكيد الموعد.
flash-departure-cancelled = أُلغي الموعد: أُبلغ المسافرون وستُرَدّ إليهم مبالغهم.
err-booking-not-confirmed = يتوفر ملف التقويم بعد تأكيد الحجز.
err-waitlist-not-waiting = لم تعد في قائمة انتظار هذا الموعد.
mail-booking-cancelled_by_host-subject = ألغى المضيفون الحجز: { $title }
mail-booking-cancelled_by_host-intro = ألغى مضيفو «{ $title }» حجزك (من { $start } إلى { $end }).
mail-booking-departure_called_off-subject = أُلغي الموعد: { $title }
mail-booking-departure_called_off-intro = ألغى المضيفون موعد انطلاق «{ $title }» في { $start }: وبذلك أُلغي حجزك.
mail-booking-reason = السبب الذي ذكروه: «{ $reason }»
mail-booking-paid = دفعت { $paid } من أصل { $total }.
mail-booking-balance-now = الرصيد المتبقي للدفع الآن: { $amount }.
mail-booking-paid-in-full = ثمن الإقامة مدفوع بالكامل: لم يبق عليك شيء للدفع.
mail-booking-deposit-due = العربون الواجب دفعه: { $amount }، قبل { $date }.
mail-booking-had-paid = كنت قد دفعت { $amount }.
mail-booking-kept = { $days ->
    [zero] وفقًا لشروط الإلغاء (إلغاء قبل { $days } يوم من بداية الإقامة)، يُحتجز { $amount }.
    [one] وفقًا لشروط الإلغاء (إلغاء قبل يوم واحد من بداية الإقامة)، يُحتجز { $amount }.
    [two] وفقًا لشروط الإلغاء (إلغاء قبل يومين من بداية الإقامة)، يُحتجز { $amount }.
    [few] وفقًا لشروط الإلغاء (إلغاء قبل { $days } أيام من بداية الإقامة)، يُحتجز { $amount }.
    [many] وفقًا لشروط الإلغاء (إلغاء قبل { $days } يومًا من بداية الإقامة)، يُحتجز { $amount }.
   *[other] وفقًا لشروط الإلغاء (إلغاء قبل { $days } يوم من بداية الإقامة)، يُحتجز { $amount }.
}
mail-booking-refund = نردّ إليك { $amount }، { $way }.
mail-booking-refund-all = يُرَدّ إليك كل ما دفعته: { $amount }، { $way }.
mail-booking-no-refund = وبالتالي لا يُرَدّ إليك أي مبلغ.
mail-booking-nothing-paid = لم تكن قد دفعت شيئًا: لا يُرَدّ إليك أي مبلغ.
mail-booking-nothing-owed = لم يعد عليك أي مبلغ: أُلغيت طلبات الدفع الخاصة بهذا الحجز.
mail-booking-refund-by-transfer = بتحويل بنكي إلى الحساب الذي جاء منه دفعك
mail-booking-refund-to-card = إلى البطاقة التي دفعت بها
mail-booking-refund-mixed = إلى البطاقة أو الحساب الذي جاء منه كل دفع
space-booking-see = عرض الحجز
space-trip-hold = عربون قدره { $amount } يُدفع قبل { $date } للاحتفاظ بأماكنك ({ $seats })
space-trip-offer = تحررت أماكن من أجلك: عربون قدره { $amount } يُدفع قبل { $date }
space-trip-balance = رصيد قدره { $amount } يُدفع في أجل أقصاه { $date }
space-trip-coming = { $seats ->
    [zero] { $seats } مكان، من { $start } إلى { $end }
    [one] مكان واحد، من { $start } إلى { $end }
    [two] مكانان، من { $start } إلى { $end }
    [few] { $seats } أماكن، من { $start } إلى { $end }
    [many] { $seats } مكانًا، من { $start } إلى { $end }
   *[other] { $seats } مكان، من { $start } إلى { $end }
}
space-trip-past = إقامة من { $start } إلى { $end }
space-trip-cancelled = حجز ملغى (إقامة من { $start } إلى { $end })
space-trip-cancelled-refund = حجز ملغى، استُردّ { $amount }
space-trip-calendar = إضافة إلى تقويمي (.ics)
space-trip-waiting = في قائمة الانتظار من أجل { $seats } من الأماكن، الانطلاق في { $start }
space-host-departure = من { $start } إلى { $end } · { $taken } / { $capacity } من الأماكن محجوزة · { $status }

space-host-hosted = استُقبلوا من { $start } إلى { $end } · { $travellers ->
    [zero] لا مسافر
    [one] مسافر واحد
    [two] مسافران
    [few] { $travellers } مسافرين
   *[other] { $travellers } مسافراً
}

booking-sensitive-purpose = الهاتف والاحتياجات الغذائية واحتياجات إمكانية الوصول: اختيارية، تُستخدم فقط ليتمكن المضيفون من التواصل معك أثناء الإقامة وتحضير الوجبات والاستقبال. تُمحى بعد { $days } يومًا من انتهاء الإقامة.
traveller-data-erased = مُحي بعد الإقامة (مدة الاحتفاظ)
