# Passerelle — العربية

site-tagline = شراكات بين الأقاليم
skip-to-content = الانتقال إلى المحتوى
nav-main = القائمة الرئيسية
nav-languages = اللغات
nav-partnerships = الشراكات
nav-territories = الأقاليم
nav-admin = الإدارة
nav-login = تسجيل الدخول
nav-logout = تسجيل الخروج
nav-signup = إنشاء حساب
footer-text = تربط Passerelle جماعات بلجيكية بشركائها المغاربة والتونسيين: تبادل الممارسات، السياحة التضامنية، التجارة التضامنية.
footer-api = واجهة API ووثائق OpenAPI
breadcrumb = مسار التنقل
yes = نعم
no = لا
save = حفظ
cancel = إلغاء
edit = تعديل
remove = إزالة
add = إضافة
actions = الإجراءات

home-title = أقاليم شريكة، مسؤولة بشكل مشترك
home-lead = تشاركت جماعات بلجيكية ومدن مغربية وتونسية، وتقوم شراكاتها على ثلاث ركائز.
home-partnerships = الشراكات
pillar-practices = تبادل الممارسات
pillar-tourism = السياحة التضامنية
pillar-trade = التجارة التضامنية
pillar-practices-text = تتقاسم الأقاليم مناهجها وتكويناتها وزياراتها.
pillar-tourism-text = يقيم الزوار لدى سكان الإقليم الشريك، ويموّل جزء من الثمن مشاريع محلية.
pillar-trade-text = تبيع التعاونيات لمجموعات الشراء البلجيكية بأثمان عادلة وشفافة.
pillars-label = الركائز
partnerships-none = لا توجد أي شراكة حاليًا.
partnership-since = منذ { $year }
partnership-illustrative = مثال توضيحي
partnership-edit = تعديل التقديم
partnership-name-hint = اتركه فارغًا لاستعمال «الجماعة البلجيكية – المدينة الشريكة».
offers-of = ما تقدّمه { $town }
offers-title = ما يقدّمه
community-fund = الصندوق المجتمعي
community-fund-text = جُمعت لفائدة المشاريع المجتمعية للشراكة.
coordinators = التنسيق
coordinators-none = لم يتم تعيين أي منسق.
coordinator-appoint = البريد الإلكتروني للحساب المراد تعيينه
coordinator-appoint-submit = تعيين كمنسق
network-title = شبكة { $name }
network-founded = تأسست سنة { $year }.
network-add-member = الإقليم المراد إضافته
network-joined = سنة الانضمام
networks = الشبكات
territory-no-partnership = ليست لهذا الإقليم أي شراكة بعد.
coresponsibility = إقليم المسؤولية المشتركة
website = الموقع الإلكتروني

kind-municipality = جماعة
kind-province = مقاطعة
kind-platform = منصة متعددة الفاعلين
kind-organisation = منظمة

country-BE = بلجيكا
country-MA = المغرب
country-TN = تونس
country-CH = سويسرا
country-FR = فرنسا
country-NL = هولندا
country-SN = السنغال
country-DZ = الجزائر

language-fr = الفرنسية
language-nl = الهولندية
language-en = الإنجليزية
language-ar = العربية

field-name = الاسم
field-slug = معرّف الرابط
slug-hint = حروف لاتينية صغيرة وأرقام وشرطات؛ اتركه فارغًا لاستخراجه من الاسم.
field-country = البلد
field-region = الجهة
field-kind = النوع
field-description = الوصف
field-belgian-offers = ما يقدّمه الجانب البلجيكي
field-partner-offers = ما يقدّمه الجانب الشريك
field-belgian-territory = الإقليم البلجيكي
field-partner-territory = الإقليم الشريك
field-since = سنة التوقيع
field-email = البريد الإلكتروني
field-password = كلمة المرور
field-display-name = الاسم المعروض
field-locale = اللغة المفضلة
password-hint = 10 أحرف على الأقل.
form-has-errors = يجب تصحيح بعض الحقول: انظر الرسائل أدناه.

login-title = تسجيل الدخول
login-submit = تسجيل الدخول
login-no-account = ليس لديك حساب بعد؟
signup-title = إنشاء حساب
signup-submit = إنشاء حسابي
signup-have-account = لديك حساب بالفعل؟
account-title = حسابي
account-roles = أدواري
account-no-roles = ليس لديك أي دور خاص بعد.
email-verified = تم التحقق منه
email-unverified = لم يتم التحقق منه

role-admin = الإدارة
role-partnership_coordinator = تنسيق الشراكة
role-producer_member = عضو لدى منتج
role-group_coordinator = تنسيق مجموعة شراء
role-group_member = عضو في مجموعة شراء
role-trip_host = استقبال إقامة

admin-territories = الأقاليم
admin-territory-new = إضافة إقليم
admin-territory-edit = تعديل الإقليم
admin-partnerships = الشراكات
admin-partnership-new = إنشاء شراكة
admin-partnership-edit = تعديل الشراكة
admin-networks = الشبكات والانخراطات

flash-saved = تم حفظ التعديلات.
flash-welcome = مرحبًا! تم إنشاء حسابك.
flash-coordinator-appointed = تم تعيين المنسق.
flash-coordinator-removed = تمت إزالة المنسق.

err-cursor = رابط الصفحة هذا غير صالح: ابدأ من جديد من الصفحة الأولى.
err-required = هذا الحقل إلزامي.
err-length = يجب ألا يتجاوز عدد الأحرف { $max }.
err-email = هذا ليس عنوان بريد إلكتروني صالحًا.
err-password-length = يجب أن يتراوح عدد أحرف كلمة المرور بين { $min } و{ $max }.
err-choice = اختر قيمة من القائمة.
err-country = اختر بلدًا من القائمة.
err-country-in-use = هذا الإقليم طرف في شراكة: لا يمكنه تغيير جانبه.
err-email-taken = يوجد حساب بهذا العنوان بالفعل.
err-json-shape = متن JSON ليس بالشكل المتوقع: { $detail }
err-language = لغة غير معروفة: { $lang }.
err-locale = اختر الفرنسية أو الهولندية أو الإنجليزية أو العربية.
err-must-be-belgian = يجب أن يكون الإقليم البلجيكي في بلجيكا.
err-must-be-abroad = يجب أن يكون الإقليم الشريك خارج بلجيكا.
err-no-account = لا يوجد أي حساب بهذا العنوان.
err-no-control-chars = يحتوي هذا الحقل على أحرف غير مسموح بها.
err-pillar-required = اختر ركيزة واحدة على الأقل.
err-same-territory = لا يمكن لإقليم أن يكون شريكًا لنفسه.
err-slug = استعمل حروفًا لاتينية صغيرة وأرقامًا وشرطات (من 2 إلى 64 حرفًا).
err-taken = هذه القيمة مستعملة بالفعل.
err-unknown-territory = إقليم غير معروف.
err-url = أدخل عنوان موقع كاملًا (https://…).
err-year = أدخل سنة، مثلًا 2010.
err-year-range = أدخل سنة بين 1950 و{ $max }.
err-invalid-credentials = البريد الإلكتروني أو كلمة المرور غير صحيحة.
err-too-many-attempts = محاولات كثيرة جدًا. أعد المحاولة بعد دقيقة.

error-home = العودة إلى الصفحة الرئيسية
error-400-title = طلب غير مفهوم
error-400-text = تعذّرت قراءة الطلب. تحقق مما أرسلته.
error-401-title = يلزم تسجيل الدخول
error-401-text = سجّل الدخول للمتابعة.
error-403-title = الولوج مرفوض
error-403-text = لا يحق لك القيام بهذا. إذا كنت قادمًا من استمارة، فأعد تحميل الصفحة وحاول مرة أخرى.
error-404-title = الصفحة غير موجودة
error-404-text = هذه الصفحة غير موجودة أو لم تعد موجودة.
error-405-title = طريقة غير مسموح بها
error-405-text = لا يُستعمل هذا العنوان بهذه الطريقة.
error-409-title = تعارض
error-409-text = لا يمكن تنفيذ هذا الإجراء في الوضع الحالي.
error-413-title = الإرسال كبير جدًا
error-413-text = ما أرسلته يتجاوز الحجم المسموح به.
error-415-title = صيغة غير مدعومة
error-415-text = الصيغة المرسلة ليست الصيغة المتوقعة.
error-422-title = بيانات غير صالحة
error-422-text = بعض القيم غير صالحة.
error-429-title = محاولات كثيرة جدًا
error-429-text = انتظر قليلًا قبل إعادة المحاولة.
error-500-title = خطأ من جهتنا
error-500-text = حدث خطأ ما. تم تسجيل الخطأ؛ أعد المحاولة لاحقًا.
error-503-title = الخدمة غير متاحة
error-503-text = Passerelle غير متاحة مؤقتًا. أعد المحاولة بعد بضع دقائق.

# الرسائل الإلكترونية
mail-footer = تصلك هذه الرسالة من Passerelle، منصة الشراكات بين الأقاليم.
mail-link-fallback = إذا لم يعمل الزر، فانسخ هذا الرابط والصقه في متصفحك:
mail-hello = مرحبًا { $name }،
mail-hello-anonymous = مرحبًا،
mail-not-you = إذا لم تُنشئ حسابًا على Passerelle، فتجاهل هذه الرسالة.
mail-verify-subject = أكّد عنوان بريدك الإلكتروني
mail-verify-intro = شكرًا على تسجيلك في Passerelle. أكّد عنوان بريدك الإلكتروني لتتمكن من الطلب والحجز.
mail-verify-action = تأكيد عنواني
mail-verify-expiry = { $days ->
    [one] هذا الرابط صالح لمدة يوم واحد.
    [two] هذا الرابط صالح لمدة يومين.
    [few] هذا الرابط صالح لمدة { $days } أيام.
    [many] هذا الرابط صالح لمدة { $days } يومًا.
   *[other] هذا الرابط صالح لمدة { $days } يوم.
}
mail-reset-subject = اختر كلمة مرور جديدة
mail-reset-intro = طلب شخص ما (أنت على الأرجح) تغيير كلمة مرور حسابك على Passerelle.
mail-reset-action = اختيار كلمة مرور جديدة
mail-reset-expiry = هذا الرابط صالح لمدة ساعة واحدة ولا يُستعمل إلا مرة واحدة.
mail-reset-ignore = إذا لم تطلب شيئًا، فتجاهل هذه الرسالة: لن تتغير كلمة المرور الخاصة بك.
mail-invite-subject = يدعوك { $inviter } إلى Passerelle: { $scope }
mail-invite-intro = يدعوك { $inviter } إلى الانضمام إلى Passerelle بصفة «{ $role }»: { $scope }.
mail-invite-how = افتح الرابط أدناه، ثم سجّل الدخول أو أنشئ حسابًا بعنوان البريد الإلكتروني هذا لقبول الدعوة.
mail-invite-action = عرض الدعوة
mail-invite-expiry = { $days ->
    [one] هذه الدعوة صالحة لمدة يوم واحد.
    [two] هذه الدعوة صالحة لمدة يومين.
    [few] هذه الدعوة صالحة لمدة { $days } أيام.
    [many] هذه الدعوة صالحة لمدة { $days } يومًا.
   *[other] هذه الدعوة صالحة لمدة { $days } يوم.
}

# الروابط الواردة عبر البريد الإلكتروني
token-problem-title = هذا الرابط لا يعمل
token-unknown = هذا الرابط غير معروف. تحقق من أنك نسخته كاملًا.
token-expired = انتهت صلاحية هذا الرابط. اطلب رابطًا جديدًا.
token-used = سبق استعمال هذا الرابط. اطلب رابطًا جديدًا عند الحاجة.
token-other-account = أُرسل هذا الرابط لحساب آخر أو لعنوان آخر.
verified-title = تم تأكيد العنوان
verified-text = شكرًا! تم تأكيد العنوان { $email }.
forgot-title = نسيت كلمة المرور
forgot-intro = أدخل عنوان البريد الإلكتروني لحسابك: سنرسل إليك رابطًا لاختيار كلمة مرور جديدة.
forgot-submit = إرسال الرابط
forgot-sent = إذا كان هناك حساب بالعنوان { $email }، فقد أُرسل إليه رابط للتو. وهو صالح لمدة ساعة واحدة.
reset-title = كلمة مرور جديدة
reset-submit = حفظ كلمة المرور
field-new-password = كلمة المرور الجديدة
field-password-confirm = أعد كتابة كلمة المرور
invitation-title = دعوة
invitation-text = هذه الدعوة موجهة إلى { $email } بصفة «{ $role }»: { $scope }.
invitation-accept = قبول الدعوة
invitation-other-account = أنت متصل بحساب آخر. سجّل الخروج، ثم سجّل الدخول بالعنوان { $email } لقبول الدعوة.
invitation-sign-in = سجّل الدخول أو أنشئ حسابًا بالعنوان { $email } لقبول الدعوة.
login-forgot = نسيت كلمة المرور؟
account-verify-why = لم يتم تأكيد عنوانك بعد: وهذا ضروري للطلب والحجز.
account-verify-resend = إعادة إرسال رسالة التأكيد

# صندوق الإرسال (الإدارة)
admin-outbox = الرسائل الإلكترونية والمهام
outbox-filter = التصفية حسب الحالة
outbox-all = الكل
outbox-status-queued = في الانتظار
outbox-status-sending = قيد الإرسال
outbox-status-sent = تم الإرسال
outbox-status-failed = فشل الإرسال
outbox-to = المرسل إليه
outbox-subject = الموضوع
outbox-state = الحالة
outbox-when = التاريخ
outbox-attempts = { $n ->
    [zero] لا توجد أي محاولة
    [one] محاولة واحدة
    [two] محاولتان
    [few] { $n } محاولات
    [many] { $n } محاولة
   *[other] { $n } محاولة
}
outbox-next = المحاولة التالية { $at }
outbox-retry = إعادة المحاولة
outbox-empty = لا توجد أي رسالة.
page-of = الصفحة { $page } من { $pages }
admin-jobs = المهام المجدولة الأخيرة
job-kind = المهمة
job-run-at = الموعد المقرر
jobs-empty = لا توجد أي مهمة.

flash-coordinator-invited = لا يوجد أي حساب بهذا العنوان: أُرسلت إليه دعوة.
flash-message-requeued = عادت الرسالة إلى قائمة انتظار الإرسال.
flash-verification-sent = أُرسلت إليك رسالة تأكيد جديدة.
flash-already-verified = تم تأكيد عنوانك من قبل.
flash-password-reset = تم تغيير كلمة المرور الخاصة بك. سجّل الدخول بكلمة المرور الجديدة.
flash-invitation-accepted = تم قبول الدعوة: دورك الجديد مفعّل.
err-password-mismatch = كلمتا المرور غير متطابقتين.
err-attachment = مرفق غير صالح.
error-410-title = رابط منتهي الصلاحية
error-410-text = لم يعد هذا الرابط صالحًا.

# الكتالوج
nav-catalogue = الكتالوج
nav-producer = منتجيّ
all = الكل
catalogue-search = بحث
catalogue-filter = تصفية
catalogue-count = { $count ->
    [0] لا يوجد أي منتوج
    [one] منتوج واحد
    [two] منتوجان
    [few] { $n } منتوجات
    [many] { $n } منتوجًا
   *[other] { $n } منتوج
}
catalogue-count-more = أكثر من { $n } منتوج
catalogue-empty = لا يوجد أي منتوج مطابق.
sort-by = الترتيب حسب
sort-name = الاسم
sort-price_asc = الثمن تصاعديًا
sort-price_desc = الثمن تنازليًا
sort-newest = الأحدث
pagination = الصفحات
previous = السابق
next = التالي
women-led = بقيادة نسائية
case-of = { $n ->
    [one] كرتونة من وحدة واحدة
    [two] كرتونة من وحدتين
    [few] كرتونة من { $n } وحدات
    [many] كرتونة من { $n } وحدة
   *[other] كرتونة من { $n } وحدة
}
min-cases = { $n ->
    [one] كرتونة واحدة على الأقل لكل طلبية
    [two] كرتونتان على الأقل لكل طلبية
    [few] { $n } كراتين على الأقل لكل طلبية
    [many] { $n } كرتونة على الأقل لكل طلبية
   *[other] { $n } كرتونة على الأقل لكل طلبية
}
made-to-order = حسب الطلب
in-stock = { $n } في المخزون
product-archived = مؤرشف
breakdown-title = أين يذهب الثمن
breakdown-intro = حصة كل طرف من الثمن المدفوع، بدقة تصل إلى السنت.
breakdown-producer = المنتج
breakdown-transport = النقل (تقديري)
breakdown-costs = مصاريف المجموعة والمنصة
breakdown-fund = الصندوق المجتمعي للشراكة
breakdown-vat = الضريبة على القيمة المضافة البلجيكية
breakdown-total = الثمن المدفوع
category-oils = الزيوت
category-spices_herbs = التوابل والأعشاب
category-dates_dried_fruit = التمور والفواكه المجففة
category-nuts = المكسرات واللوز
category-honey = العسل
category-grains_couscous = الحبوب والكسكس
category-preserves = المصبّرات والأطعمة القابلة للدهن
category-tea_infusions = الشاي ومنقوعات الأعشاب
category-cosmetics = مستحضرات التجميل
category-crafts = الصناعة التقليدية
category-textiles = المنسوجات
label-argane_pgi = المؤشر الجغرافي المحمي أركان
label-saffron_taliouine_pdo = تسمية المنشأ المحمية زعفران تالوين
label-majhoul_dates_pgi = المؤشر الجغرافي المحمي تمور المجهول
label-organic = بيولوجي
label-fair_trade = التجارة العادلة
label-handmade = مصنوع يدويًا
producer-kind-cooperative = تعاونية
producer-kind-association = جمعية
producer-kind-family_business = مقاولة عائلية
producer-status-pending = في انتظار الموافقة
producer-status-approved = تمت الموافقة عليه
producer-status-rejected = مرفوض
producer-members = الأعضاء
producer-manage = إدارة هذا المنتج
producer-products = المنتوجات
producer-none = لست عضوًا لدى أي منتج.
producer-new = تسجيل منتج
producer-edit = تعديل الملف التعريفي
producer-new-intro = تعاونية أو جمعية أو مقاولة عائلية من إقليم شريك: قدّموا أنفسكم. يوافق تنسيق الشراكة على الملف التعريفي قبل ظهوره في الكتالوج.
producer-pending-text = يدرس تنسيق الشراكة ملفك التعريفي. يمكنك من الآن تحضير منتوجاتك.
producer-rejected-text = لم يوافق تنسيق الشراكة على هذا الملف التعريفي.
producer-public-page = الصفحة العمومية
product-new = إضافة منتوج
product-edit = تعديل المنتوج
product-archive = أرشفة
product-restore = إعادة إلى الكتالوج
product-none = لا يوجد أي منتوج حاليًا.
field-category = الفئة
field-label = علامات الجودة
field-partnership = الشراكة
field-territory = الإقليم
field-odco = رقم مكتب تنمية التعاون (ODCo)
field-phone = الهاتف
field-product-name = اسم المنتوج
field-unit = وحدة البيع
unit-hint = مثلًا «قنينة من 250 مل» أو «كيس من 1 كلغ».
field-price = ثمن الوحدة، شاملًا الضريبة على القيمة المضافة (€)
price-hint = مثلًا 12,50
field-vat = الضريبة على القيمة المضافة
field-case-size = عدد الوحدات في الكرتونة
field-min-cases = الحد الأدنى من الكراتين لكل طلبية
field-weight = الوزن
field-weight-grams = وزن الوحدة الواحدة (بالغرام)
field-stock = المخزون
stock-hint = اتركه فارغًا إذا كان المنتوج «حسب الطلب».
review-title = المنتجون والأثمان
review-producers = منتجو الشراكة
review-approve = موافقة
review-reject = رفض
review-note = السبب (يُرسَل إلى المنتج)
review-none = لا يوجد أي منتج مسجّل.
shares-title = توزيع الأثمان
shares-intro = حصة الثمن دون احتساب الضريبة على القيمة المضافة المخصصة للنقل ولمصاريف المجموعة والمنصة وللصندوق المجتمعي، معبّرًا عنها بنقاط أساس (100 = 1%). ويحصل المنتج على الباقي.
shares-transport = النقل (نقاط أساس)
shares-costs = مصاريف المجموعة والمنصة (نقاط أساس)
shares-fund = الصندوق المجتمعي (نقاط أساس)
shares-hint = 1200 = 12%. لا يتجاوز مجموعها 60%.
shares-example = مثال: منتوج ثمنه 10,00 € (الضريبة على القيمة المضافة 6%)
partnership-catalogue = منتوجات هذه الشراكة
flash-producer-created = تم حفظ الملف التعريفي: سيدرسه تنسيق الشراكة.
flash-product-saved = تم حفظ المنتوج.
flash-product-archived = تمت أرشفة المنتوج: لم يعد يظهر في الكتالوج.
flash-product-restored = أُعيد المنتوج إلى الكتالوج.
flash-producer-approved = تمت الموافقة على المنتج؛ وسيُبلَّغ أعضاؤه بذلك عبر البريد الإلكتروني.
flash-producer-rejected = تم رفض المنتج؛ وسيُبلَّغ أعضاؤه بذلك عبر البريد الإلكتروني.
mail-producer-approved-subject = تمت الموافقة على { $producer } في Passerelle
mail-producer-approved-intro = خبر سار: وافق تنسيق شراكة { $partnership } على { $producer }. تظهر منتوجاتك الآن في الكتالوج.
mail-producer-rejected-subject = لم تتم الموافقة على { $producer }
mail-producer-rejected-intro = لم يوافق تنسيق شراكة { $partnership } على { $producer } في الوقت الحالي. وهذه رسالته:
mail-producer-action = فتح لوحة التحكم الخاصة بي
err-number = أدخل عددًا صحيحًا.
err-range = أدخل عددًا بين { $min } و{ $max }.
err-euros = أدخل ثمنًا باليورو، مثلًا 12,50.
err-vat-rate = اختر سعرًا للضريبة على القيمة المضافة البلجيكية: 6% أو 12% أو 21%.
err-shares-total = لا يمكن أن يتجاوز مجموع هذه الحصص { $max }% من الثمن.
err-unknown-partnership = شراكة غير معروفة.
err-territory-not-partner = هذا الإقليم ليس في الجانب الشريك من هذه الشراكة.
err-fixed-after-creation = لا يمكن تغيير الشراكة والإقليم بعد التسجيل.
err-name-letters = يجب أن يحتوي الاسم على حروف أو أرقام.
err-phone = لا يحتوي رقم الهاتف إلا على أرقام ومسافات والرموز + - . ( ).

# الصور
photos-title = الصور
photos-none = لا توجد صور بعد.
photos-add = إضافة صورة
photos-hint = JPEG أو PNG أو WebP، بحد أقصى 5 ميغابايت. على الهاتف، اخترها من معرض الصور أو التقطها مباشرة.
photos-upload = إرسال الصورة
flash-photo-added = تمت إضافة الصورة.
flash-photo-removed = تمت إزالة الصورة.
flash-photo-not-image = هذا الملف ليس صورة بصيغة JPEG أو PNG أو WebP.
flash-photo-too-large = حجم هذه الصورة يتجاوز 5 ميغابايت.
flash-photo-missing = اختر صورة أولاً.
flash-photo-limit = توجد 8 صور بالفعل: أزل واحدة أولاً.
err-photo-not-image = هذا الملف ليس صورة بصيغة JPEG أو PNG أو WebP.
err-photo-too-large = حجم هذه الصورة يتجاوز { $max } ميغابايت.
err-photo-missing = اختر صورة أولاً.
err-photo-limit = توجد { $max } صور بالفعل: أزل واحدة أولاً.

# المدفوعات
pay-title = الدفع
pay-amount = المبلغ
pay-paid = المبلغ المدفوع سابقًا
pay-due = يُدفع قبل
pay-by-transfer = عبر تحويل بنكي
pay-to = المستفيد
pay-remaining = المبلغ المتبقي
pay-communication = البلاغ المهيكل
pay-communication-hint = انسخ البلاغ المهيكل كما هو تمامًا: فهو الذي يربط تحويلك البنكي بهذا الدفع.
pay-qr-hint = امسح هذا الرمز بتطبيق بنكك: ستُملأ بيانات التحويل البنكي تلقائيًا.
pay-qr-label = رمز QR للتحويل البنكي (EPC)
pay-by-card = الدفع بالبطاقة أو عبر Bancontact
pay-card-unavailable = الدفع بالبطاقة غير متاح بعد: ادفع عبر تحويل بنكي.
pay-nothing-owed = لا يوجد ما تدفعه: شكرًا لك!
payment-status-open = في انتظار الدفع
payment-status-partly_paid = مدفوع جزئيًا
payment-status-paid = مدفوع
payment-status-overpaid = مدفوع بزيادة
payment-status-refunded = تم استرداده
payment-status-cancelled = ملغى
books-title = الحسابات والمدفوعات
books-totals = المجاميع (دفتر الأستاذ)
books-received = المبالغ المستلمة
books-refunded = المبالغ المستردة
books-other = أخرى
books-requests = المدفوعات المطلوبة
books-payer = من يدفع
books-no-requests = لا يوجد أي دفع مطلوب حتى الآن.
books-record = تسجيل تحويل بنكي مستلم
books-reference = المرجع أو البلاغ المهيكل
books-received-on = تاريخ الاستلام
books-record-submit = تسجيل
books-import = استيراد كشف الحساب
books-import-hint = ملف CSV من بنكك: التاريخ، المبلغ، البلاغ، الطرف المقابل. استيراد الملف نفسه مرتين لا يطبّق أي شيء مرتين.
books-statement-file = ملف CSV
books-import-submit = استيراد
books-import-done = تم استيراد كشف الحساب
books-import-report = مدفوعات مطبّقة: { $applied }، للمطابقة: { $unmatched }، متجاهَلة: { $ignored }، مستوردة سابقًا: { $again }.
books-line = السطر { $n }
books-unmatched = أسطر للمطابقة
books-match-target = المرجع أو البلاغ
books-match = مطابقة
books-flagged = مبالغ يجب التحقق منها
books-refund = استرداد عبر تحويل بنكي
books-refund-reason = السبب
books-refund-submit = تسجيل الاسترداد
books-refunds-to-do = عمليات استرداد يجب إنجازها
books-refund-done = منجز
books-account = الحساب البنكي للشراكة
books-account-name = صاحب الحساب
books-iban = IBAN
books-bic = BIC
flash-payment-recorded = تم تسجيل الدفع.
flash-refund-recorded = تم تسجيل الاسترداد: أنجز التحويل البنكي، ثم علِّمه كمنجز.
flash-refund-done = تم تعليم الاسترداد كمنجز.
err-date = أدخل تاريخًا بالصيغة YYYY-MM-DD.
err-iban = رقم IBAN هذا غير صالح.
err-bic = يتكون رمز BIC من 8 أو 11 حرفًا.
err-unknown-request = لا يوجد في هذه الحسابات أي طلب دفع بهذا البلاغ المهيكل أو المرجع: تحقّق منه في كشف الحساب.
err-refund-range = يجب أن يكون مبلغ الاسترداد موجبًا وألا يتجاوز { $max }.
err-csv-encoding = يجب أن يكون الملف بصيغة CSV وبترميز UTF-8.

pay-checkout-back = شكرًا! سيظهر دفعك هنا بمجرد أن تؤكده Stripe.
mail-payment-subject = للدفع: { $amount } — { $what }
mail-payment-intro = إليك طريقة دفع «{ $what }».
mail-payment-qr = يملأ رمز QR المرفق التحويل في تطبيق بنكك. انسخ البلاغ المهيكل كما هو تمامًا.
mail-payment-online = اطلع على هذا الدفع عبر الإنترنت (وادفع بالبطاقة إن كان ذلك متاحًا):
mail-payment-action = عرض الدفع

## Collective orders
err-group-territory = تنتمي المجموعة إلى الإقليم البلجيكي لشراكتها ({ $territory }).
err-tolerance-without-quantity = لا يُحتسب هامش الزيادة إلا مع كمية: حدّد الكمية أولًا.
err-datetime = أدخل تاريخًا ووقتًا (مثلًا 2026-12-01 18:00).
err-closes-before-opens = يجب أن تُغلق فترة الطلب بعد افتتاحها.
err-in-the-past = لقد مضى هذا الموعد بالفعل.
err-delivery-before-close = يجب أن يكون التسليم بعد إغلاق فترة الطلب.
err-producer-not-in-partnership = اختر منتجين تمت الموافقة عليهم من شراكة المجموعة.
err-no-products = ليس لدى هؤلاء المنتجين أي منتوج معروض بعد.
err-no-bank-account = حدّد أولًا الحساب البنكي للمجموعة أو للشراكة: فإليه تصل التحويلات البنكية للأعضاء.
err-close-early = تُغلق الحملة في { $closes-at }. حدّد خانة «الإغلاق الآن» لإغلاقها قبل ذلك.
err-not-in-campaign = هذا المنتوج ليس جزءًا من الحملة.
why-as-asked = المطلوب { $asked }، المستلم { $received }
why-tolerance-used = المطلوب { $asked } (+{ $tolerance })، المستلم { $received }: { $used ->
    [one] استُعملت وحدة واحدة من هامش الزيادة الخاص بك لإكمال كرتونة
    [two] استُعملت وحدتان من هامش الزيادة الخاص بك لإكمال كرتونة
    [few] استُعملت { $used } وحدات من هامش الزيادة الخاص بك لإكمال كرتونة
    [many] استُعملت { $used } وحدة من هامش الزيادة الخاص بك لإكمال كرتونة
   *[other] استُعملت { $used } وحدة من هامش الزيادة الخاص بك لإكمال كرتونة
}
why-not-completed = المطلوب { $asked }، المستلم { $received }: لم تكتمل الكرتونة الأخيرة، فوُزّعت الكراتين الكاملة بالتناسب مع ما طلبه كل عضو
why-minimum = المطلوب { $asked }، المستلم { $received }: لم يُبلَغ الحد الأدنى لعدد الكراتين الذي حدّده المنتج
why-stock = المطلوب { $asked }، المستلم { $received }: لم يكفِ مخزون المنتج لتغطية جميع الكراتين
why-short-supply = المطلوب { $asked }، المستلم { $received }: لم يتمكن المنتج إلا من توفير كمية أقل مما طُلب، فوُزّع الباقي بالتناسب
why-short-delivery = المطلوب { $asked }، المستلم { $received }: وصلت بحالة جيدة كمية أقل مما شُحن، فوُزّع الباقي بالتناسب
result-goods = البضائع (شاملة الضريبة على القيمة المضافة)
result-vat-included = منها الضريبة على القيمة المضافة { $rate }
result-transport = حصة النقل
result-fee = حصة مصاريف المجموعة
result-total = المجموع
mail-campaign-action = فتح الحملة
mail-campaign-opened-subject = اطلب الآن: { $title } ({ $group })
mail-campaign-opened-intro = فترة الطلب «{ $title }» لدى { $group } مفتوحة حتى { $closes-at }. املأ سلتك؛ التسليم يوم { $delivery-on }.
mail-campaign-reminder-subject = آخر يوم للطلب: { $title }
mail-campaign-reminder-intro = تُغلق فترة الطلب «{ $title }» لدى { $group } في { $closes-at }. تحقّق من سلتك، وساعد في إكمال الكراتين التي أوشكت على الامتلاء.
mail-campaign-cancelled-subject = ملغاة: { $title }
mail-campaign-cancelled-intro = ألغى تنسيق { $group } الحملة «{ $title }». لا تدين بأي شيء مقابلها، وسيُسترَد أي مبلغ سبق دفعه.
mail-campaign-goods_left-subject = في الطريق: { $title }
mail-campaign-goods_left-intro = غادرت منتجات الحملة «{ $title }» الخاصة بـ { $group } المغرب وهي في طريقها إلى بلجيكا. الاستلام مقرر يوم { $delivery-on }، ويمكنك تتبع الشحنة على صفحة الحملة.
mail-campaign-goods_arrived-subject = وصلت: { $title }
mail-campaign-goods_arrived-intro = وصلت منتجات الحملة «{ $title }» الخاصة بـ { $group } إلى بلجيكا. ستكون جاهزة لك في نقطة الاستلام يوم { $delivery-on }، وتوضح لك صفحة الحملة ما ستتسلمه.
mail-campaign-cancelled_minimum-subject = الطلبيات غير كافية: أُلغيت «{ $title }»
mail-campaign-cancelled_minimum-intro = لم تبلغ الحملة «{ $title }» لدى { $group } مجموعها الأدنى، لذا أُلغيت. لا تدين بأي شيء مقابلها.
mail-result-subject = طلبيتك «{ $title }»: { $total }
mail-result-changed-subject = تغيّرت طلبيتك «{ $title }»: { $total }
mail-result-intro = أُغلقت فترة الطلب «{ $title }» لدى { $group }. إليك ما ستستلمه، ولماذا:
mail-result-changed-intro = تغيّرت الكميات الموفَّرة من «{ $title }» ({ $group }). إليك نتيجتك الجديدة، والمبلغ المستحق الآن:
mail-result-card = يمكنك أيضًا الدفع بالبطاقة أو عبر Bancontact في صفحة الدفع.
mail-result-pickup = الاستلام ابتداءً من { $date } في { $place }.
nav-groups = مجموعات الشراء
groups-title = مجموعات الشراء
groups-lead = أسر بلجيكية تطلب معًا من منتجي إقليمها الشريك: كراتين كاملة، وحصص منصفة، وتكاليف موزعة بدقة تصل إلى السنت.
groups-mine = مجموعاتي
groups-all = جميع المجموعات
groups-none = لا توجد أي مجموعة شراء حاليًا.
group-new = إنشاء مجموعة شراء
group-new-lead = ستتولى تنسيقها: ادعُ الأسر، وافتح فترات الطلب مع منتجي الشراكة، وتابع كل طلبية حتى استلامها.
group-create = إنشاء المجموعة
group-members = الأعضاء
group-outsider = لا يرى فترات الطلب الخاصة بهذه المجموعة إلا أعضاؤها. اطلب دعوة من أحد المنسقين.
field-group-name = اسم المجموعة
field-pickup-name = اسم نقطة الاستلام
field-address = العنوان
field-opening-hours = أوقات العمل
field-invite-email = البريد الإلكتروني المراد دعوته
field-role = الدور
invite = إرسال الدعوة
pickup-point = نقطة الاستلام
pickup-points = نقاط الاستلام
pickup-add = إضافة نقطة استلام
campaigns = فترات الطلب
campaigns-none = لا توجد أي فترة طلب حاليًا.
campaign-new = فتح فترة طلب
campaign-create = إنشاء فترة الطلب
campaign-no-producers = ليس لهذه الشراكة أي منتج تمت الموافقة عليه بعد.
field-campaign-title = عنوان الحملة
field-producers = المنتجون
field-opens-at = تاريخ الافتتاح (بتوقيت بروكسل)
field-closes-at = تاريخ الإغلاق (بتوقيت بروكسل)
field-delivery-on = تاريخ التسليم
field-transport = التكلفة التقديرية للنقل
field-transport-split = توزيع تكلفة النقل
split-weight = حسب الوزن
split-value = حسب القيمة
field-group-fee = مصاريف المجموعة (للحملة بأكملها)
field-min-total = الحد الأدنى لمجموع البضائع
min-total-hint = إذا كان المجموع أقل من هذا الحد، تُلغى الحملة عند الإغلاق ولا يدين أحد بأي شيء. اتركه فارغًا إذا لم يكن هناك حد أدنى.
euros-hint = باليورو، مثلًا 45,00
field-note = ملاحظة للأعضاء
field-quantity = الكمية
field-tolerance = هامش الزيادة
field-cancel-reason = السبب (يُبلَّغ إلى الأعضاء)
tolerance-hint = الوحدات الإضافية التي تقبلها لإكمال كرتونة (بحد أقصى { $n }).
campaign-state-draft = لم تُفتح بعد
campaign-state-open = مفتوحة
campaign-state-closed = مغلقة
campaign-state-confirmed = أكّدها المنتجون
campaign-state-shipped = تم الشحن
campaign-state-delivered = تم التسليم
campaign-state-settled = تمت التسوية
campaign-state-cancelled = ملغاة
campaign-open-until = مفتوحة حتى { $date }
campaign-opens-on = تُفتح في { $date }
campaign-closed-on = أُغلقت في { $date }
campaign-delivery-on = التسليم يوم { $date }
campaign-costs = النقل { $transport } (موزَّع { $split })، مصاريف المجموعة { $fee }
campaign-min-total = الحد الأدنى { $amount }
campaign-vat-rate = الضريبة على القيمة المضافة { $rate }%
campaign-cancelled = هذه الحملة ملغاة: لا يُستحق عنها أي مبلغ.
cancel-reason-minimum = لم يُبلَغ الحد الأدنى للمجموع.
campaign-verify-first = أكّد عنوان بريدك الإلكتروني (انظر الرابط الذي أرسلناه إليك) لتتمكن من ملء سلتك.
campaign-coordinator-only = أنت تنسّق هذه المجموعة دون أن تطلب فيها.
campaign-products = المنتوجات
campaign-how-cases = تُطلب المنتوجات بكراتين كاملة. هامش الزيادة هو عدد الوحدات الإضافية التي تقبلها إذا كانت ستُكمل كرتونة. عند الإغلاق، تُوزَّع الوحدات بالتناسب مع ما طلبه كل عضو.
case-fill-label = مدى امتلاء الكرتونة الحالية من { $name }
case-fill = { $full ->
    [zero] لا توجد أي كرتونة ممتلئة
    [one] كرتونة واحدة ممتلئة
    [two] كرتونتان ممتلئتان
    [few] { $full } كراتين ممتلئة
    [many] { $full } كرتونة ممتلئة
   *[other] { $full } كرتونة ممتلئة
}؛ { $inside } من { $size } في الكرتونة التالية.
case-to-complete = { $n ->
    [one] تنقصها وحدة واحدة لتكتمل.
    [two] تنقصها وحدتان لتكتمل.
    [few] تنقصها { $n } وحدات لتكتمل.
    [many] تنقصها { $n } وحدة لتكتمل.
   *[other] تنقصها { $n } وحدة لتكتمل.
}
case-completed-by-tolerance = هوامش الزيادة تكفي لإكمالها بالفعل.
basket-title = سلتي
basket-mine = سلتك: { $q } (+{ $tol })
basket-total = البضائع: { $amount }
basket-max = { $amount } كحد أقصى إذا استُعملت هوامش الزيادة الخاصة بك
basket-costs-later = تُضاف حصتك من النقل ومن مصاريف المجموعة عند الإغلاق.
basket-empty = سلتك فارغة.
result-mine = ما ستستلمه
result-why = السبب
result-pay = الدفع
result-nothing = لم تطلب أي شيء في هذه الحملة.
result-products = الكراتين المطلوبة
result-members = الأعضاء
pickup-sheets = قوائم الاستلام
pickup-by-member = حسب العضو
pickup-by-product = حسب المنتوج
collected = تم الاستلام
collected-mark = تعليم كمستلَم
collected-undo = تراجع
export-members = تصدير الأعضاء (CSV)
export-lines = تصدير الأسطر (CSV)
export-order = تصدير الطلبية (CSV)
campaign-actions = التنسيق
campaign-close = إغلاق الحملة
campaign-close-early = الإغلاق الآن، قبل الموعد المقرر
campaign-ship = تعليم كمشحونة
campaign-deliver = تسجيل التسليم
deliver-hint = الوحدات المستلمة بحالة جيدة لكل منتوج: لا تغيّر عددًا إلا إذا وصلت البضائع ناقصة أو تالفة؛ وعندئذ يُعاد حساب الحصص.
campaign-settle = تسوية حسابات الحملة
campaign-cancel = إلغاء الحملة
campaign-cancel-confirm = إلغاؤها وإبلاغ الأعضاء
limited-minimum = لم يُبلَغ الحد الأدنى
limited-stock = محدود بالمخزون
orders-title = سندات الطلب
orders-none = لا يوجد أي سند طلب حاليًا.
orders-cases = { $n ->
    [one] كرتونة واحدة
    [two] كرتونتان
    [few] { $n } كراتين
    [many] { $n } كرتونة
   *[other] { $n } كرتونة
}
orders-can-supply = الوحدات التي يمكنك توفيرها
orders-confirm = تأكيد الطلبية
orders-confirm-hint = خفّض العدد إذا لم تتمكن من توفير كل شيء: يُعاد حساب حصص الأعضاء بإنصاف ويُبلَّغون بذلك.
flash-group-created = تم إنشاء المجموعة. ادعُ الأسر إليها.
flash-invitation-sent = تم إرسال الدعوة.
flash-campaign-created = فترة الطلب جاهزة.
flash-basket-saved = تم حفظ السلة.
flash-campaign-closed = أُغلقت الحملة: تلقّى كل عضو نتيجته.
flash-campaign-cancelled = أُلغيت الحملة وأُبلغ الأعضاء بذلك.
flash-delivery-recorded = تم تسجيل التسليم.
flash-campaign-settled = تمت تسوية الحملة.
flash-order-confirmed = شكرًا: تم تأكيد الطلبية.
csv-member = العضو
csv-email = البريد الإلكتروني
csv-goods = البضائع
csv-vat = الضريبة على القيمة المضافة
csv-transport = النقل
csv-fee = مصاريف المجموعة
csv-total = المجموع
csv-communication = البلاغ المهيكل
csv-payment = الدفع
csv-collected = تم الاستلام
csv-product = المنتوج
csv-unit = الوحدة
csv-asked = المطلوب
csv-tolerance = هامش الزيادة
csv-received = المستلم
csv-price = ثمن الوحدة
csv-amount = المبلغ
csv-case-size = عدد الوحدات في الكرتونة
csv-cases = الكراتين
csv-units = الوحدات
csv-confirmed = المؤكَّد
csv-delivered = المسلَّم
group-account = الحساب البنكي للمجموعة
group-account-hint = تصل تحويلات الأعضاء الخاصة بحملات هذه المجموعة إلى هذا الحساب. وما دام فارغًا، تذهب إلى حساب الشراكة.

## Solidarity stays
mail-booking-action = عرض حجزي
mail-booking-balance = الرصيد المتبقي للدفع: { $amount }، في أجل أقصاه { $date }.
mail-booking-pre-departure = قبل سفرك
mail-booking-confirmed-subject = تم تأكيد الحجز: { $title }
mail-booking-confirmed-intro = تم تأكيد حجزك في «{ $title }» (من { $start } إلى { $end }): { $seats ->
    [one] مكان واحد
    [two] مكانان
    [few] { $seats } أماكن
    [many] { $seats } مكانًا
   *[other] { $seats } مكان
}. يضيف الملف المرفق الإقامة إلى تقويمك.
mail-booking-balance_reminder-subject = الرصيد المتبقي لإقامتك: { $title }
mail-booking-balance_reminder-intro = تبدأ إقامتك «{ $title }» في { $start }. يحين قريبًا أجل دفع الرصيد المتبقي.
mail-booking-waitlist_offer-subject = أصبح مكان شاغرًا: { $title }
mail-booking-waitlist_offer-intro = أصبحت أماكن شاغرة في «{ $title }» (من { $start } إلى { $end }): { $seats ->
    [one] مكان واحد محجوز
    [two] مكانان محجوزان
    [few] { $seats } أماكن محجوزة
    [many] { $seats } مكانًا محجوزًا
   *[other] { $seats } مكان محجوز
} لك حتى { $expires }. ادفع العربون لتأكيد حجزك؛ وبعد ذلك ينتقل العرض إلى الأسرة التالية في قائمة الانتظار.
mail-booking-late_refund-subject = استرداد: { $title }
mail-booking-late_refund-intro = وصل دفعك مقابل «{ $title }» بعد انتهاء مدة حجزك المؤقت، وفي الأثناء اكتملت الأماكن في موعد الانطلاق هذا. نعتذر عن ذلك: سيُسترَد لك المبلغ كاملًا.
mail-booking-cancelled-subject = أُلغي الحجز: { $title }
mail-booking-cancelled-intro = أُلغي حجزك في «{ $title }» (من { $start } إلى { $end })، كما طلبت.
mail-booking-departure_cancelled-subject = أُلغي موعد الانطلاق: { $title }
mail-booking-departure_cancelled-intro = أُلغي موعد انطلاق «{ $title }» في { $start }: لم تبلغ المجموعة الحد الأدنى لعدد المشاركين في تاريخ دفع الرصيد. وبذلك أُلغي حجزك.
nav-trips = الإقامات
trips-title = الإقامات التضامنية
trips-lead = إقامات في مجموعات صغيرة يستضيفها سكان الأقاليم الشريكة: يذهب جزء من كل ثمن إلى الصندوق المجتمعي للشراكة.
trips-none = لا توجد أي إقامة معروضة حاليًا.
trips-next = موعد الانطلاق القادم: { $date }
trips-from = ابتداءً من { $amount }
trip-group = مجموعات يتراوح عدد أفرادها بين { $min } و{ $max }
trip-languages = اللغات:
trip-programme = البرنامج
trip-included = ما يشمله الثمن
trip-not-included = ما لا يشمله الثمن
trip-accessibility = إمكانية الوصول
trip-departures = مواعيد الانطلاق
trip-no-departures = لم يُبرمَج أي موعد انطلاق بعد.
trip-price = { $amount } لكل مسافر
trip-places-left = { $n ->
    [zero] لم يتبقَّ أي مكان من أصل { $capacity }
    [one] تبقّى مكان واحد من أصل { $capacity }
    [two] تبقّى مكانان من أصل { $capacity }
    [few] تبقّت { $n } أماكن من أصل { $capacity }
    [many] تبقّى { $n } مكانًا من أصل { $capacity }
   *[other] تبقّى { $n } مكان من أصل { $capacity }
}
trip-breakdown = أين يذهب ثمن المكان الواحد
breakdown-hosts = المضيفون والخدمات المحلية
trip-breakdown-transport = النقل
breakdown-organisation = التنظيم
breakdown-community-fund = الصندوق المجتمعي ({ $percent })
trip-deposit = العربون عند الحجز: { $percent } (الثمن كاملًا إذا كان أجل دفع الرصيد المتبقي قد حلّ)
trip-balance-due = يُدفع الرصيد المتبقي في أجل أقصاه { $date }
trip-policy = شروط الإلغاء
trip-policy-tier = الإلغاء قبل بداية الإقامة { $days ->
    [one] بيوم واحد
    [two] بيومين
    [few] بـ{ $days } أيام
    [many] بـ{ $days } يومًا
   *[other] بـ{ $days } يوم
} أو أكثر: يُقتطَع { $percent }% من الثمن
trip-policy-host = إذا ألغى المضيفون، أو لم تبلغ المجموعة الحد الأدنى لعدد المشاركين، يُسترَد كل ما دُفع.
trip-login-to-book = سجّل الدخول للحجز
trip-verify-first = أكّد عنوان بريدك الإلكتروني (انظر الرابط الذي أرسلناه إليك) لتتمكن من الحجز.
trip-full-waitlist = اكتملت الأماكن في موعد الانطلاق هذا. سجّل في قائمة الانتظار: تُعرض الأماكن التي تصبح شاغرة، حسب ترتيب التسجيل، على أول مجموعة مسافرين يناسبها عددها.
field-travellers = المسافرون (اسم واحد في كل سطر)
travellers-hint = الحد الأقصى لعدد المسافرين في كل حجز: { $max }.
field-contact-email = البريد الإلكتروني للتواصل
field-dietary = الاحتياجات الغذائية
field-accessibility-needs = الاحتياجات المتعلقة بإمكانية الوصول
trip-book = حجز الأماكن
trip-join-waitlist = التسجيل في قائمة الانتظار
err-not-enough-places = { $n ->
    [zero] لم يتبقَّ أي مكان في موعد الانطلاق هذا.
    [one] لم يتبقَّ سوى مكان واحد في موعد الانطلاق هذا.
    [two] لم يتبقَّ سوى مكانين في موعد الانطلاق هذا.
    [few] لم يتبقَّ سوى { $n } أماكن في موعد الانطلاق هذا.
    [many] لم يتبقَّ سوى { $n } مكانًا في موعد الانطلاق هذا.
   *[other] لم يتبقَّ سوى { $n } مكان في موعد الانطلاق هذا.
}
departure-status-scheduled = مبرمَج
departure-status-confirmed = مؤكَّد
departure-status-cancelled = ملغى
booking-title = حجزي
booking-status-held = محجوز مؤقتًا
booking-status-confirmed = مؤكَّد
booking-status-expired = منتهي الصلاحية
booking-status-cancelled = ملغى
booking-seats = { $n ->
    [zero] لا يوجد أي مكان
    [one] مكان واحد
    [two] مكانان
    [few] { $n } أماكن
    [many] { $n } مكانًا
   *[other] { $n } مكان
}
booking-total = المجموع: { $amount }
booking-held-until = أماكنك محجوزة لك حتى { $date }. ادفع العربون لتأكيدها؛ وبعد ذلك تُعرض للبيع من جديد.
booking-pay-deposit = دفع العربون ({ $amount })
booking-confirmed = تم تأكيد حجزك. أُرسل إليك التأكيد وملف التقويم عبر البريد الإلكتروني.
booking-pay-balance = دفع الرصيد المتبقي
booking-refund = المبلغ المسترد: { $amount }
booking-cancel = إلغاء هذا الحجز
booking-cancel-preview = إذا ألغيت اليوم، فسيُرَدّ إليك { $amount } وفقًا لشروط الإلغاء.
booking-cancel-confirm = إلغاء الحجز
flash-places-held = أماكنك محجوزة: ادفع العربون لتأكيدها.
flash-waitlist-joined = أنت الآن في قائمة الانتظار. سنراسلك عبر البريد الإلكتروني فور توفر أماكن شاغرة.
flash-booking-cancelled = أُلغي الحجز.
host-title = مواعيد الانطلاق التي أستضيفها
host-dates = التواريخ
host-places = الأماكن
host-travellers = المسافرون
host-none = لا تستضيف أي موعد انطلاق حاليًا.
host-no-travellers = لم يحجز أحد بعد.
host-export = تصدير القائمة (CSV)
csv-traveller = المسافر
csv-booking = الحجز
csv-status = الحالة
csv-phone = الهاتف
csv-dietary = الاحتياجات الغذائية
csv-accessibility = إمكانية الوصول
csv-paid = المدفوع
trip-new = وصف إقامة
trip-create = إنشاء الإقامة
trip-public-page = الصفحة العمومية
field-trip-title = العنوان
field-programme = البرنامج (يوم واحد في كل سطر)
programme-hint = اليوم الأول في السطر الأول، واليوم الثاني في السطر الثاني…
field-languages = اللغات المتحدث بها
languages-hint = رموز اللغات مفصولة بفواصل (fr, ar, ber, en, nl).
field-min-group = الحد الأدنى لحجم المجموعة
field-max-group = الحد الأقصى لحجم المجموعة
departure-new = إضافة موعد انطلاق
departure-create = إضافة موعد الانطلاق
field-starts-on = اليوم الأول
field-ends-on = اليوم الأخير
field-capacity = الأماكن
field-price-per-traveller = الثمن لكل مسافر
field-deposit-percent = العربون (% من الثمن)
field-community-share-percent = الصندوق المجتمعي (% من الثمن)
community-share-hint = تشترط علامة ATES ما لا يقل عن 3 إلى 5% من الثمن دون احتساب تذاكر الطيران.
field-transport-per-traveller = النقل لكل مسافر (مُدرَج في الثمن)
field-organisation-percent = التنظيم (% من الثمن)
field-balance-due-on = آخر أجل لدفع الرصيد المتبقي
balance-due-hint = اتركه فارغًا: 30 يومًا قبل البداية.
flash-trip-created = تم وصف الإقامة. أضف إليها صورها ومواعيد انطلاقها.
flash-departure-created = موعد الانطلاق مفتوح للحجز.
trip-appoint-host = تعيين مضيف
mail-support-subject = يطلب { $territory } المساعدة: { $title }
mail-support-intro-partner = يطلب { $territory }، الإقليم الشريك لإقليمك، المساعدة في موضوع «{ $topic }».
mail-support-intro-expertise = يطلب { $territory } من الشبكة المساعدة في موضوع «{ $topic }»، وهو موضوع صرّح إقليمك بأنه قادر على تقديم المساعدة فيه.
mail-support-deadline = الرد مطلوب في أجل أقصاه { $date }.
mail-support-action = القراءة والرد
topic-social_cohesion = التماسك الاجتماعي
topic-citizen_participation = المشاركة المواطنة
topic-waste = تدبير النفايات
topic-water = الماء
topic-seniors = المسنّون
topic-youth = الشباب
topic-women_cooperatives = التعاونيات النسائية
topic-bookkeeping = المحاسبة
topic-agriculture = الفلاحة
topic-tourism = السياحة
topic-culture = الثقافة
topic-education = التربية والتعليم
topic-health = الصحة
topic-energy = الطاقة
err-unknown-topic = موضوع غير معروف: { $topic }.
err-unknown-sheet = لا توجد أي بطاقة ممارسة بهذا العنوان.
nav-practices = الممارسات
practices-title = مكتبة الممارسات
practices-lead = كيف تصرّفت أقاليم الشراكات: مناهج مشروحة خطوة بخطوة، لتكرارها في أماكن أخرى.
practices-search = بحث
practices-topic = الموضوع
practices-pillar = الركيزة
practices-country = البلد
practices-filter = تصفية
practices-count = { $n ->
    [zero] لا توجد أي بطاقة ممارسة
    [one] بطاقة ممارسة واحدة
    [two] بطاقتا ممارسة
    [few] { $n } بطاقات ممارسة
    [many] { $n } بطاقة ممارسة
   *[other] { $n } بطاقة ممارسة
}
practices-none = لا توجد أي بطاقة ممارسة مطابقة.
practices-method = المنهجية خطوة بخطوة
practices-results = النتائج
practices-contacts = جهات الاتصال
practices-of-territory = بطاقات ممارسات هذا الإقليم
support-title = الدعم بين الأقاليم
support-own = طلباتنا المفتوحة
support-can-help = طلبات يمكننا المساعدة فيها
support-none = لا يوجد أي طلب حاليًا.
support-new = طلب المساعدة من الشبكة
support-send = إرسال الطلب
field-need = ما الذي تحتاج إليه؟
field-deadline = الأجل المرغوب للرد
support-resolved = تم حله
support-recipients = الجهات المرسَل إليها
support-reason-partner = إقليم شريك
support-reason-expertise = خبرة مصرّح بها
support-thread = المراسلات
support-no-messages = لا يوجد أي رد بعد.
support-answer = ردك
support-send-answer = الرد
support-sheet = بطاقة الممارسة التي نتجت عنه (العنوان، اختياري)
support-sheet-hint = مثلًا ⁨/practices/trois-bacs-pour-le-souk⁩
support-mark-resolved = تعليم كمحلول
flash-support-sent = أُرسل طلبك إلى شريكك وإلى الأقاليم القادرة على المساعدة.
practices-attachments = الوثائق
practices-attach = إرفاق ملف PDF
practices-attach-hint = ملف PDF لا يتجاوز 10 ميغابايت.
practices-attach-send = إرفاق
flash-attachment-added = تم إرفاق الوثيقة.
err-attachment-not-pdf = هذا الملف ليس بصيغة PDF.
err-attachment-too-large = يتجاوز الملف { $max }.
err-attachment-limit = الحد الأقصى لعدد الوثائق في البطاقة: { $max }.
mail-training-subject = تم التسجيل: { $title }
mail-training-intro = تم تسجيل مشاركيكم في «{ $title }» يوم { $date } ({ $place }):
mail-training-ics = تضيف الدعوة المرفقة الموعد إلى مفكرتكم.
err-not-invited = هذا الإقليم غير مدعو إلى هذا التكوين.
err-balance-after-start = يستحق الرصيد قبل الانطلاق.
err-capacity-below-booked = الأماكن المحجوزة أو المؤكدة: { $taken }؛ لا يمكن خفض السعة دونها.
err-capacity-below-minimum = يجب أن تبلغ السعة الحد الأدنى للمجموعة ({ $min }).
err-ends-before-starts = تأتي النهاية بعد البداية.
err-max-below-min = لا يمكن أن يقل الحد الأقصى عن الحد الأدنى.
err-parts-above-price = يتجاوز النقل والتنظيم والصندوق المجتمعي الثمن.
err-policy-order = تمتد الشرائح من أبكر إلغاء إلى آخره، وتحتفظ كل شريحة بقدر مساوٍ على الأقل.
err-policy-range = الأيام من 0 إلى 730، والحصص من 0 إلى 100٪.
err-policy-tiers = حدّدوا من شريحة واحدة إلى 8 شرائح.
spiral-title = ما يعنيه الرفاه هنا (SPIRAL)
spiral-well_being = رفاه
spiral-ill_being = سوء الحال
spiral-family-access_to_resources = الولوج إلى الموارد
spiral-family-living_environment = إطار العيش
spiral-family-relations_with_institutions = العلاقات مع المؤسسات
spiral-family-personal_relations = العلاقات الشخصية
spiral-family-social_balance = التوازنات المجتمعية
spiral-family-personal_balance = التوازنات الشخصية
spiral-family-feelings = المشاعر
spiral-family-attitudes_initiatives = المواقف والمبادرات
err-unknown-action = لا توجد حملة أو رحلة أو بطاقة بهذا المرجع.
practices-new = نشر بطاقة ممارسة
practices-coordinators-only = لا ينشر بطاقات ممارسات الإقليم إلا منسقو شراكاته.
practices-language = مكتوبة بـ
practices-summary = ملخص
practices-publish = نشر
flash-sheet-published = نُشرت بطاقة الممارسة في المكتبة.
trainings-title = تكوينات الشبكة ولقاءاتها
trainings-none = لا يوجد أي تكوين أو لقاء مبرمج.
trainings-online = عن بُعد
trainings-places-left = { $n ->
    [zero] لم يبق أي مكان
    [one] بقي مكان واحد
    [two] بقي مكانان
    [few] بقيت { $n } أماكن
    [many] بقي { $n } مكانًا
   *[other] بقي { $n } مكان
} من أصل { $capacity }
trainings-register = تسجيل المشاركين
trainings-full = الأماكن مأخوذة: سيوضع مشاركوكم في قائمة الانتظار ويُسجَّلون بالترتيب عند تحرر أماكن.
trainings-participants = المشاركون (اسم في كل سطر)
flash-training-registered = تم تسجيل مشاركيكم؛ الدعوة في الطريق.
flash-training-waiting = الأماكن مأخوذة: مشاركوكم في قائمة الانتظار.
support-expertise = ما يمكن لإقليمنا المساعدة فيه
support-expertise-hint = ستصلكم طلبات الشبكة حول هذه المواضيع. يؤدي الحفظ إلى تعويض المواضيع المصرّح بها سابقًا لهذا الإقليم.
trainings-publish = نشر تكوين أو لقاء
trainings-place = المكان
trainings-link = رابط المشاركة عن بُعد
trainings-audience = الأقاليم المدعوة
trainings-audience-hint = عناوين الأقاليم مفصولة بفواصل (مثلًا ⁨charleroi, kairouan⁩)؛ فارغ: الشبكة كلها.
flash-training-published = تم نشر التكوين.
spiral-page-title = معايير SPIRAL لأقاليمنا
spiral-page-lead = سجّلوا معايير الرفاه التي حددها مواطنوكم في مجموعات SPIRAL، واربطوا بها أعمال الشراكة التي تستجيب لها: تعرضها صفحة الإقليم.
spiral-add = إضافة معيار
spiral-family = العائلة
spiral-polarity = القطبية
spiral-criterion = المعيار بكلمات المواطنين
spiral-kind = العمل
spiral-target = العنوان
spiral-link = ربط
spiral-none = لم يُسجَّل أي معيار بعد.
spiral-kind-campaign = حملة
spiral-kind-trip = إقامة
spiral-kind-practice = بطاقة ممارسة
