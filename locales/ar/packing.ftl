packing-title = خطة التحميل
packing-pallet = المنصة { $number }
packing-parcel = الطرد { $number }
packing-cases = { $count ->
    [one] صندوق واحد
    [two] صندوقان
    [few] { $count } صناديق
   *[other] { $count } صندوقا
}
packing-stale = لم تعد الخطة مطابقة للمحتوى (تغيرت الطلبيات): اقترح خطة جديدة.
packing-none = لا توجد خطة تحميل بعد.
packing-propose = اقتراح خطة
packing-propose-hint = طرود لا تتجاوز 30 كلغ حتى 150 كلغ، وإلا فمنصات لا تتجاوز 800 كلغ، مع إبقاء بضائع كل منتج معا. تحل محل الخطة الحالية.
packing-move = نقل صناديق
packing-move-what = صناديق
packing-move-cases = عدد الصناديق
packing-move-to = إلى
packing-new-pallet = منصة جديدة
packing-new-parcel = طرد جديد
packing-move-save = نقل
flash-packing-proposed = اقتُرحت خطة التحميل.
flash-packing-moved = نُقلت الصناديق.
err-packing-closed = غادرت البضائع: لم تعد خطة التحميل تتغير.
err-packing-not-on-unit = هذا المنتج ليس على هذه المنصة أو في هذا الطرد.
err-packing-same-unit = اختر منصة أو طردا آخر.
