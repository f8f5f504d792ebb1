account-token-expires = صالح حتى { $date }
account-token-expired = انتهت صلاحيته يوم { $date }
mail-account-exists-subject = لديك حساب في Passerelle بالفعل
mail-account-exists-intro = حاول أحدهم، ربما أنت، إنشاء حساب في Passerelle بهذا العنوان. لهذا العنوان حساب بالفعل: لم يُنشأ أي حساب آخر.
mail-account-exists-login = لتسجيل الدخول:
mail-account-exists-reset = نسيت كلمة المرور؟ اختر كلمة جديدة:
mail-account-exists-not-you = إن لم تكن أنت، فتجاهل هذه الرسالة: لم يتغير شيء في حسابك.
flash-signup-check-email = أُرسلت رسالة إلى { $email }: تخبرك بما يلي. إن كنت قد أنشأت حسابك للتو، فسجّل الدخول.
