# orders: collective orders (campaigns, baskets, purchase orders)
err-nothing-to-confirm = ليس على هذا المنتج ما يورّده في هذه الطلبية: لا شيء يؤكّده.
err-sold-out = نفد المخزون: لم يعد مخزون المنتج يسمح بطلب المزيد.
err-stock-left = { $count ->
    [zero] لم يبقَ شيء من هذا المنتج.
    [one] لم تبقَ إلا وحدة واحدة: لا تطلب أكثر منها.
    [two] لم تبقَ إلا وحدتان: لا تطلب أكثر منهما.
    [few] لم تبقَ إلا { $count } وحدات: لا تطلب أكثر منها.
    [many] لم تبقَ إلا { $count } وحدة: لا تطلب أكثر منها.
   *[other] لم تبقَ إلا { $count } وحدة: لا تطلب أكثر منها.
}
err-producers-not-confirmed = { $count ->
    [zero] كل المنتجين أكّدوا طلبياتهم.
    [one] منتج واحد لم يؤكّد طلبيته بعد.
    [two] منتجان لم يؤكّدا طلبيتهما بعد.
    [few] { $count } منتجين لم يؤكّدوا طلبياتهم بعد.
    [many] { $count } منتجًا لم يؤكّدوا طلبياتهم بعد.
   *[other] { $count } منتج لم يؤكّدوا طلبياتهم بعد.
}
cancel-reason-nothing = لم يكن ممكنًا طلب أي كرتونة.
campaign-closes-on = تُغلق في { $date }
campaign-vat = الضريبة على القيمة المضافة { $rate }
stock-sold-out = نفد المخزون
stock-left = { $count ->
    [zero] لم يبقَ شيء
    [one] بقيت وحدة واحدة
    [two] بقيت وحدتان
    [few] بقيت { $count } وحدات
    [many] بقيت { $count } وحدة
   *[other] بقيت { $count } وحدة
}
basket-save = حفظ سلتي
basket-not-saved = { $count ->
    [zero] لم يُحفظ شيء.
    [one] لم يُحفظ شيء: صحّح السطر المشار إليه.
    [two] لم يُحفظ شيء: صحّح السطرين المشار إليهما.
    [few] لم يُحفظ شيء: صحّح الأسطر الـ{ $count } المشار إليها.
    [many] لم يُحفظ شيء: صحّح الـ{ $count } سطرًا المشار إليها.
   *[other] لم يُحفظ شيء: صحّح الأسطر المشار إليها ({ $count }).
}
limited-not-completed = كرتونة غير مكتملة
campaign-waiting-producers = { $count ->
    [zero] في انتظار التأكيد:
    [one] في انتظار تأكيد:
    [two] في انتظار تأكيد منتجَين:
    [few] في انتظار تأكيد { $count } منتجين:
    [many] في انتظار تأكيد { $count } منتجًا:
   *[other] في انتظار تأكيد { $count } منتج:
}
flash-campaign-shipped = سُجّلت الطلبية على أنها شُحنت.
flash-order-shipped = شكرًا: سُجّلت الطلبية على أنها شُحنت.
orders-colon = :
order-state-to_confirm = للتأكيد
order-state-waiting = مؤكَّدة، في انتظار المنتجين الآخرين
order-state-to_ship = للشحن
order-state-shipped = شُحنت
order-state-delivered = سُلّمت
order-state-settled = سُوّيت
order-state-cancelled = أُلغيت
orders-confirmed-title = ما أكّدته
orders-sent-title = سند طلبيتك
orders-change = تعديل تأكيدي
orders-ship = تسجيلها على أنها شُحنت
orders-shipped-hint = ستسجّل المجموعة التسليم عند وصول البضائع.
orders-units = { $n ->
    [zero] لا وحدة
    [one] وحدة واحدة
    [two] وحدتان
    [few] { $n } وحدات
    [many] { $n } وحدة
   *[other] { $n } وحدة
}
csv-yes = نعم
csv-no = لا
mail-po-subject = سند طلبية جديد: { $title } ({ $group })
mail-po-intro = أُغلقت طلبية «{ $title }» لدى { $group } في { $closed-at }. هذا ما تطلبه من { $producer }:
mail-po-total = المجموع: { $amount }
mail-po-delivery = التسليم مقرَّر يوم { $delivery-on }.
mail-po-action-hint = أكّد الطلبية، أو خفّض كمية إن لم تستطع توريد كل شيء: ستُعاد حساب حصص الأعضاء.
mail-po-action = الاطلاع على الطلبية وتأكيدها
mail-campaign-cancelled_nothing-subject = لم تُطلب أي كرتونة: أُلغيت «{ $title }»
mail-campaign-cancelled_nothing-intro = أُغلقت الحملة «{ $title }» لدى { $group } دون أن يكون ممكنًا طلب أي كرتونة (المخزون أو الحد الأدنى للمنتجين أو كراتين غير مكتملة)، لذا أُلغيت. لا تدين بأي شيء مقابلها.
space-orders-basket-empty = سلة يجب ملؤها قبل { $date }
space-orders-basket-filled = { $count ->
    [zero] سلتك فارغة، يمكن تعديلها حتى { $date }
    [one] سلتك: منتج واحد، يمكن تعديلها حتى { $date }
    [two] سلتك: منتجان، يمكن تعديلها حتى { $date }
    [few] سلتك: { $count } منتجات، يمكن تعديلها حتى { $date }
    [many] سلتك: { $count } منتجًا، يمكن تعديلها حتى { $date }
   *[other] سلتك: { $count } منتج، يمكن تعديلها حتى { $date }
}
space-orders-result = { $state } · { $amount } · { $payment }
space-orders-next-draft = تُفتح في { $date }
space-orders-next-open = مفتوحة؛ تُغلق في { $date }
space-orders-next-closed = { $count ->
    [zero] مُغلقة
    [one] في انتظار منتج واحد
    [two] في انتظار منتجَين
    [few] في انتظار { $count } منتجين
    [many] في انتظار { $count } منتجًا
   *[other] في انتظار { $count } منتج
}
space-orders-next-confirmed = لتسجيلها على أنها شُحنت (التسليم يوم { $date })
space-orders-next-shipped = التسليم للتسجيل (مقرَّر يوم { $date })
space-orders-next-delivered = { $count ->
    [zero] للتسوية
    [one] للتسوية حين تُدفع الحصة الأخيرة
    [two] للتسوية: حصتان لم تُدفعا بعد
    [few] للتسوية: { $count } حصص لم تُدفع بعد
    [many] للتسوية: { $count } حصة لم تُدفع بعد
   *[other] للتسوية: { $count } حصة لم تُدفع بعد
}
space-orders-group = { $count ->
    [zero] مجموعة تنسّقها
    [one] مجموعة تنسّقها · طلبية واحدة
    [two] مجموعة تنسّقها · طلبيتان
    [few] مجموعة تنسّقها · { $count } طلبيات
    [many] مجموعة تنسّقها · { $count } طلبية
   *[other] مجموعة تنسّقها · { $count } طلبية
}
space-orders-po-to-confirm = سند طلبية للتأكيد · { $cases } · التسليم يوم { $date }
space-orders-po-waiting = مؤكَّد، في انتظار المنتجين الآخرين · { $cases }
space-orders-po-to-ship = للشحن · { $cases } · التسليم يوم { $date }
space-orders-po-shipped = شُحن · { $cases } · التسليم يوم { $date }
space-orders-po-delivered = سُلّم · { $cases }
space-orders-po-settled = سُوّي · { $cases }
space-orders-po-cancelled = أُلغي · { $cases }
campaign-title-suggestion = طلبية { $month }
basket-running = سلتي:
