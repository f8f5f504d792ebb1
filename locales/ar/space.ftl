# space: a person's own page (/me)
space-title = فضائي
space-hello = مرحباً { $name }
space-settings = حسابي: الاسم واللغة والعنوان وكلمة المرور والرموز
space-todo = ما عليّ فعله
space-done = ما قمت به
space-nothing-to-do = لا شيء للقيام به حالياً.
space-nothing-done = لا شيء بعد.
space-start = للبدء:
space-start-catalogue = اكتشاف منتجات التعاونيات
space-start-groups = الانضمام إلى مجموعة شراء
space-start-trips = حجز إقامة تضامنية
space-start-practices = قراءة ممارسات الأقاليم
space-area-account = حسابي
space-area-admin = الإدارة
space-area-orders = الطلبيات الجماعية
space-area-groups = مجموعات الشراء
space-area-producers = المنتجون
space-area-catalog = الكتالوج
space-area-payments = الأداءات
space-area-treasury = الخزينة
space-area-trips = الإقامات
space-area-hosting = الإقامات التي أستضيفها
space-area-fund = الصندوق الجماعي
space-area-practices = تبادل الممارسات
space-area-network = الشبكة
space-area-trainings = التكوينات
space-verify-title = تأكيد عنوان بريدي الإلكتروني
space-verify-detail = افتح الرابط المرسل إلى { $email }: ذلك ضروري للطلب والحجز.
space-failed-mail-title = رسائل لم تُرسل
space-failed-mail-detail = { $count ->
    [one] تعذّر إرسال رسالة واحدة: راجعها وأعد إرسالها.
    [two] تعذّر إرسال رسالتين: راجعهما وأعد إرسالهما.
    [few] تعذّر إرسال { $count } رسائل: راجعها وأعد إرسالها.
   *[other] تعذّر إرسال { $count } رسالة: راجعها وأعد إرسالها.
}
