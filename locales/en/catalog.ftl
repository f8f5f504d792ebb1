# catalog
unit-languages-hint = Write it in the languages you know: each reader sees it in their language, else in French.
product-photo = Photo of the product
product-photo-again = Choose the photo again: the browser does not keep it when the form comes back.
flash-photo-already = This photo is already there: it is kept only once.
flash-product-saved-with-photo = Product saved with its photo.
approval-title = Approval
approval-pending-text = the partnership's coordinators are reviewing the profile.
approval-rejected-text = the partnership's coordinators did not approve this profile: correct it and ask for a new review.
approval-approved-text = the products are in the catalogue.
approval-reason = Reason:
approval-missing = The profile still lacks:
approval-complete = Complete the profile
approval-resubmit = Ask for a new review
approval-withdraw = Withdraw the approval
producer-waiting-for = Not possible yet: { $missing } missing.
gap-description = a presentation
gap-contact = a contact email or phone
gap-odco-number = the ODCo number
gap-photo = a photo
gap-products = products in the catalogue
flash-producer-resubmitted = Request sent: the partnership's coordinators will review the profile again.
err-producer-incomplete = The profile first needs a presentation and a contact (email or phone).
err-producer-already-reviewed = This producer has already been reviewed: the page shows where it stands.
err-producer-not-rejected = This profile is not rejected: there is nothing to ask again.
err-review-reason-required = Give the reason for the refusal: it is sent to the producer.
photos-count = { $count ->
    [one] 1 photo of { $max }
   *[other] { $count } photos of { $max }
}
approval-reviewed-on = Reviewed on { $date }.
space-producer-pending = Waiting for the approval of the partnership's coordinators.
space-producer-pending-missing = Waiting for approval; still missing { $missing }.
space-producer-rejected = Rejected: “{ $note }”. Correct the profile and ask for a new review.
space-producer-complete = Approved; to complete: { $missing }.
space-producer-approved = Approved on { $date }.
space-product-no-photo = No photo: add one for the catalogue.
space-product-no-price = No price: give it.
space-review-producer = Waiting for your approval ({ $partnership }), signed up on { $date }.
space-review-producer-missing = Signed up on { $date } ({ $partnership }); still missing { $missing } to be approved.
