# network: exchange of practices (support requests, trainings, personal space lines)

mail-support-intro-relay = يطلب { $territory } من الشبكة المساعدة في موضوع «{ $topic }». لا أحد لديه حساب على باسرال بعد في { $names }: بصفتكم مديرًا للشبكة، المرجو إبلاغهم بالطلب أو دعوة منسقيهم.
flash-support-sent-unreachable = أُرسل طلبكم. بعض الأقاليم المستقبِلة ليس لها أحد على باسرال بعد: سيبلغها مديرو الشبكة بالطلب (انظر أدناه).
support-status-open = مفتوح
support-status-resolved = تمت معالجته
support-status-withdrawn = مسحوب
support-asked-on = طُلب في { $date }
support-deadline = الرد مطلوب قبل { $date }
support-answered-with = عولج بفضل بطاقة الممارسة:
support-closed-on-resolved = وُسم كمعالَج في { $date }.
support-closed-on-withdrawn = سُحب في { $date }: لم يعد أحد مطالبًا بالرد عليه.
support-unreachable = لا أحد لديه حساب على باسرال بعد في { $territory }: لم يصله الطلب.
support-unreachable-relayed = لا أحد لديه حساب على باسرال بعد في { $territory }: أُرسل الطلب إلى مديري الشبكة الذين سيبلغونه به.
support-no-recipients = لا يستقبل أي إقليم هذا الطلب: صرّحوا بالموضوع أو ادعوا شركاءكم.
support-log-in-to-answer = تسجيل الدخول للرد
support-publish-sheet = نشر بطاقة ممارسة في هذا الموضوع
support-resolve-title = إغلاق الطلب
support-sheet-choice = بطاقة الممارسة الناتجة عنه (اختياري)
support-sheet-other = أو عنوان بطاقة أخرى من المكتبة
support-withdraw = سحب الطلب
support-withdraw-hint = لم تعودوا بحاجة إلى المساعدة؟ اسحبوا الطلب: سيختفي من قوائم الأقاليم التي كان بإمكانها المساعدة.
flash-support-resolved = وُسم الطلب كمعالَج.
flash-support-withdrawn = سُحب الطلب.
flash-expertise-saved = حُفظت المواضيع التي يمكن لإقليمكم المساعدة فيها.
support-expertise-help = المواضيع المؤشَّر عليها هي التي صرّح بها كل إقليم؛ وتصله طلبات الشبكة بشأنها. أشّروا أو ألغوا التأشير ثم احفظوا: لا تُطبَّق إلا تغييراتكم.
support-expertise-of = مواضيع { $territory }
err-support-not-open = لم يعد هذا الطلب مفتوحًا: لقد عولج أو سُحب.
practices-answered = { $count ->
    [one] أجابت هذه البطاقة عن طلب المساعدة الذي قدّمه:
   *[other] أجابت هذه البطاقة عن طلبات المساعدة التي قدّمها:
}
trainings-ics = إضافة إلى المفكرة (.ics)
trainings-registrations = التسجيلات
trainings-started-reason = بدأ التكوين: لم تعد التسجيلات تتغير.
trainings-participants-count = { $count ->
    [zero] لا أحد من المشاركين
    [one] مشارك واحد
    [two] مشاركان
    [few] { $count } مشاركين
    [many] { $count } مشاركًا
   *[other] { $count } مشارك
}
trainings-status-registered = مسجَّلون
trainings-status-waiting = في قائمة الانتظار
trainings-status-cancelled = ملغى
trainings-admit = قبول
trainings-admit-adding = { $count ->
    [one] قبول (يضيف مكانًا واحدًا)
    [two] قبول (يضيف مكانين)
    [few] قبول (يضيف { $count } أماكن)
    [many] قبول (يضيف { $count } مكانًا)
   *[other] قبول (يضيف { $count } مكان)
}
trainings-leave-waiting = مغادرة قائمة الانتظار
trainings-decline = رفض
trainings-cancel-registration = إلغاء التسجيل
flash-registration-cancelled = أُلغي التسجيل؛ تذهب الأماكن المحرَّرة إلى قائمة الانتظار.
flash-registration-admitted = قُبل التسجيل؛ الدعوة في الطريق.
space-sheet-published = بطاقة ممارسة نُشرت في { $date }
space-support-own = طلبكم في موضوع «{ $topic }» مفتوح: اوسموه كمعالَج عندما تحصلون على جوابكم.
space-support-to-answer = يطلب { $territory } المساعدة في موضوع «{ $topic }»: يمكن لإقليمكم الرد.
space-support-to-answer-by = يطلب { $territory } المساعدة في موضوع «{ $topic }» قبل { $date }: يمكن لإقليمكم الرد.
space-training-ics = المفكرة (.ics)
space-training-registered = { $count ->
    [zero] لا أحد مسجَّل، في { $date }
    [one] مشارك واحد مسجَّل، في { $date }
    [two] مشاركان مسجَّلان، في { $date }
    [few] { $count } مشاركين مسجَّلين، في { $date }
    [many] { $count } مشاركًا مسجَّلًا، في { $date }
   *[other] { $count } مشارك مسجَّل، في { $date }
}
space-training-waiting = { $count ->
    [one] مشارك واحد في قائمة الانتظار، في { $date }
    [two] مشاركان في قائمة الانتظار، في { $date }
    [few] { $count } مشاركين في قائمة الانتظار، في { $date }
    [many] { $count } مشاركًا في قائمة الانتظار، في { $date }
   *[other] { $count } مشارك في قائمة الانتظار، في { $date }
}
space-training-invited = ينظمه { $organiser } في { $date }: { $count ->
    [zero] لا مكان شاغر
    [one] مكان شاغر واحد
    [two] مكانان شاغران
    [few] { $count } أماكن شاغرة
    [many] { $count } مكانًا شاغرًا
   *[other] { $count } مكان شاغر
}، سجّلوا مشاركيكم.
