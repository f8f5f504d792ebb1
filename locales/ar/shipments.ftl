# Shipments: purchase orders carried from the cooperatives to the Belgian pickup points.
shipments-title = الشحنات — { $partnership }
shipments-lead = تجمع الشحنة طلبيات الشراء المؤكدة من المنتجين وتتبعها من التعاونية إلى نقاط الاستلام.
shipments-none = لا توجد أي شحنة حتى الآن.
shipments-new = شحنة جديدة
shipments-link = الشحنات
shipment-origin = منطقة الانطلاق
shipment-carrier = الناقل
shipment-expected-on = الوصول المتوقع
shipment-create = إنشاء الشحنة
shipment-orders-count = { $count ->
    [one] طلبية شراء واحدة
   *[other] { $count } طلبيات شراء
}
shipment-title = الشحنة { $reference }
shipment-created-on = أنشئت في { $date }
shipment-contents = المحتوى
shipment-producer = المنتج
shipment-product = المنتوج
shipment-hs-code = رمز النظام المنسق
shipment-units = الوحدات
shipment-cases = الصناديق
shipment-net = الوزن الصافي
shipment-gross = الوزن الإجمالي
shipment-value = القيمة المصرح بها
shipment-total = المجموع
shipment-total-of = مجموع { $producer }
shipment-kg = { $kg } كغ
shipment-purchase-orders = طلبيات الشراء
shipment-campaign = الطلبية الجماعية
shipment-no-orders = لا توجد أي طلبية شراء في هذه الشحنة.
shipment-remove = سحب
shipment-add-orders = إضافة طلبيات شراء
shipment-add = إضافة
shipment-no-waiting = لا توجد أي طلبية شراء مؤكدة في انتظار الشحن.
shipment-not-preparing = لم تعد الشحنة قيد التحضير: لم تعد طلبيات الشراء فيها تتغير.
shipment-timeline = التتبع
shipment-next-step = المرحلة التالية: { $step }
shipment-record = تسجيل المرحلة
shipment-step-date = التاريخ
shipment-step-note = ملاحظة (اختيارية)
shipment-done = وُزعت الشحنة: لم يبق شيء للقيام به.
shipment-needs-orders = أضف طلبية شراء واحدة على الأقل قبل تسجيل الجمع.
shipment-step-preparing = قيد التحضير
shipment-step-collected = جُمعت
shipment-step-export-cleared = خلّصت جمركيا عند التصدير
shipment-step-in-transit = في الطريق
shipment-step-import-cleared = خلّصت جمركيا عند الاستيراد
shipment-step-arrived = وصلت
shipment-step-distributed = وُزعت
shipment-where = منتجاتكم في الطريق: { $step } (الشحنة { $reference }).
shipment-where-expected = الوصول المتوقع في { $date }.
flash-shipment-created = أنشئت الشحنة.
flash-shipment-order-added = أضيفت طلبية الشراء إلى الشحنة.
flash-shipment-order-removed = سُحبت طلبية الشراء من الشحنة.
flash-shipment-step = سُجلت المرحلة.
err-shipment-step-final = وُزعت الشحنة: لم تبق أي مرحلة للتسجيل.
err-shipment-step-done = هذه المرحلة مسجلة من قبل. المرحلة التالية هي: { $next ->
    [collected] الجمع
    [export_cleared] التخليص الجمركي عند التصدير
    [in_transit] في الطريق
    [import_cleared] التخليص الجمركي عند الاستيراد
    [arrived] الوصول
   *[other] التوزيع
}.
err-shipment-step-skipped = تُسجل المراحل بالترتيب: المرحلة التالية هي { $next ->
    [collected] الجمع
    [export_cleared] التخليص الجمركي عند التصدير
    [in_transit] في الطريق
    [import_cleared] التخليص الجمركي عند الاستيراد
    [arrived] الوصول
   *[other] التوزيع
}.
err-shipment-step-before = هذا التاريخ سابق للمرحلة السابقة ({ $date }).
err-shipment-step-unknown = اختر مرحلة من القائمة.
err-shipment-empty = لا تحتوي الشحنة على أي طلبية شراء: أضف طلبيات قبل انطلاقها.
err-shipment-not-preparing = لم تعد الشحنة قيد التحضير: لم تعد طلبيات الشراء فيها تتغير.
err-shipment-no-such-campaign = هذه الطلبية الجماعية غير موجودة.
err-shipment-campaign-not-confirmed = الطلبية «{ $campaign }» غير مؤكدة: يجب على كل منتج أن يؤكد طلبية الشراء الخاصة به أولا.
err-shipment-order-empty = ليس لدى هذا المنتج ما يسلمه لهذه الطلبية.
err-shipment-order-taken = طلبية الشراء هذه موجودة من قبل في الشحنة { $shipment }.
err-shipment-order-taken-meanwhile = أضيفت طلبية الشراء هذه للتو إلى شحنة أخرى.
err-hs-code = يتكون رمز النظام المنسق من 6 إلى 10 أرقام.
field-hs-code = الرمز الجمركي (النظام المنسق)
hs-code-hint = من 6 إلى 10 أرقام، لوثائق الشحنات (مثلا 1515 90 لزيت الأركان).
field-case-tare = وزن تغليف الصندوق الواحد (بالغرام)
case-tare-hint = الكرتون والحشو لصندوق واحد، لحساب الوزن الإجمالي للشحنات.
shipment-order-units = { $count ->
    [one] وحدة واحدة
   *[other] { $count } وحدة
}
space-area-shipments = الشحنات
space-shipments-waiting = { $count ->
    [one] طلبية شراء مؤكدة واحدة في انتظار شحنة.
   *[other] { $count } طلبيات شراء مؤكدة في انتظار شحنة.
}
