# catalog
unit-languages-hint = Write it in the languages you know: each reader sees it in their language, else in French.
