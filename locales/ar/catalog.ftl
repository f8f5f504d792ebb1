# catalog
unit-languages-hint = اكتبها باللغات التي تعرفها: يراها كل قارئ بلغته، وإلا فبالفرنسية.
product-photo = صورة المنتج
product-photo-again = اختر الصورة من جديد: المتصفح لا يحتفظ بها عند عودة الاستمارة.
flash-photo-already = هذه الصورة موجودة بالفعل: تُحفَظ مرة واحدة فقط.
flash-product-saved-with-photo = حُفظ المنتج مع صورته.
approval-title = الموافقة
approval-pending-text = تراجع تنسيقية الشراكة الملف.
approval-rejected-text = لم توافق تنسيقية الشراكة على هذا الملف: صحّحه واطلب مراجعة جديدة.
approval-approved-text = المنتجات معروضة في الكتالوج.
approval-reason = السبب:
approval-missing = ما زال الملف ينقصه:
approval-complete = إكمال الملف
approval-resubmit = طلب مراجعة جديدة
approval-withdraw = سحب الموافقة
producer-waiting-for = غير ممكن بعد: ينقص { $missing }.
gap-description = تقديم
gap-contact = بريد إلكتروني أو هاتف للتواصل
gap-odco-number = رقم التسجيل لدى مكتب تنمية التعاون
gap-photo = صورة
gap-products = منتجات في الكتالوج
flash-producer-resubmitted = أُرسل الطلب: ستراجع تنسيقية الشراكة الملف من جديد.
err-producer-incomplete = يجب أن يتضمن الملف أولًا تقديمًا ووسيلة تواصل (بريد إلكتروني أو هاتف).
err-producer-already-reviewed = سبقت مراجعة هذا المنتج: تعرض الصفحة وضعه الحالي.
err-producer-not-rejected = هذا الملف غير مرفوض: لا شيء يُطلب من جديد.
err-review-reason-required = اذكر سبب الرفض: يُرسل إلى المنتج.
photos-count = { $count ->
    [one] صورة واحدة من أصل { $max }
    [two] صورتان من أصل { $max }
    [few] { $count } صور من أصل { $max }
   *[other] { $count } صورة من أصل { $max }
}
approval-reviewed-on = رُوجع في { $date }.
space-producer-pending = في انتظار موافقة تنسيقية الشراكة.
space-producer-pending-missing = في انتظار الموافقة؛ ما زال ينقص { $missing }.
space-producer-rejected = مرفوض: «{ $note }». صحّح الملف واطلب مراجعة جديدة.
space-producer-complete = تمت الموافقة؛ يبقى إكمال: { $missing }.
space-producer-approved = تمت الموافقة في { $date }.
space-product-no-photo = بدون صورة: أضف صورة للكتالوج.
space-product-no-price = بدون ثمن: حدّده.
space-review-producer = ينتظر موافقتك ({ $partnership })، مسجّل منذ { $date }.
space-review-producer-missing = مسجّل منذ { $date } ({ $partnership })؛ ما زال ينقصه { $missing } للموافقة عليه.
