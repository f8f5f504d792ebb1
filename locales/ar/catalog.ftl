# catalog
unit-languages-hint = اكتبها باللغات التي تعرفها: يراها كل قارئ بلغته، وإلا فبالفرنسية.
product-photo = صورة المنتج
product-photo-again = اختر الصورة من جديد: المتصفح لا يحتفظ بها عند عودة الاستمارة.
flash-photo-already = هذه الصورة موجودة بالفعل: تُحفَظ مرة واحدة فقط.
flash-product-saved-with-photo = حُفظ المنتج مع صورته.
