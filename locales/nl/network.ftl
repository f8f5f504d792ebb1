# network: exchange of practices (support requests, trainings, personal space lines)

mail-support-intro-relay = { $territory } vraagt het netwerk om hulp over ‘{ $topic }’. Voor { $names } heeft nog niemand een account op Passerelle: stuur de vraag als beheerder van het netwerk aan hen door of nodig hun coördinatoren uit.
flash-support-sent-unreachable = Uw vraag is verstuurd. Sommige ontvangende territoria hebben nog niemand op Passerelle: de beheerders van het netwerk sturen ze door (zie hieronder).
support-status-open = Open
support-status-resolved = Opgelost
support-status-withdrawn = Ingetrokken
support-asked-on = gevraagd op { $date }
support-deadline = antwoord gewenst tegen { $date }
support-answered-with = Opgelost met de praktijkfiche:
support-closed-on-resolved = Als opgelost gemarkeerd op { $date }.
support-closed-on-withdrawn = Ingetrokken op { $date }: niemand hoeft nog te antwoorden.
support-unreachable = Voor { $territory } heeft nog niemand een account op Passerelle: de vraag is er niet aangekomen.
support-unreachable-relayed = Voor { $territory } heeft nog niemand een account op Passerelle: de vraag ging naar de beheerders van het netwerk, die ze doorsturen.
support-no-recipients = Geen enkel territorium ontvangt deze vraag: geef het thema op of nodig uw partners uit.
support-log-in-to-answer = Aanmelden om te antwoorden
support-publish-sheet = Een praktijkfiche over dit thema publiceren
support-resolve-title = De vraag afsluiten
support-sheet-choice = Praktijkfiche die eruit voortkwam (optioneel)
support-sheet-other = Of het adres van een andere fiche uit de bibliotheek
support-withdraw = De vraag intrekken
support-withdraw-hint = Geen hulp meer nodig? Trek de vraag in: ze verdwijnt uit de lijsten van de territoria die konden helpen.
flash-support-resolved = De vraag is als opgelost gemarkeerd.
flash-support-withdrawn = De vraag is ingetrokken.
flash-expertise-saved = De thema's waarin uw territorium kan helpen, zijn opgeslagen.
support-expertise-help = Aangevinkt zijn de thema's die elk territorium opgaf; vragen van het netwerk over die thema's komen bij hem terecht. Vink aan of uit en sla op: alleen uw wijzigingen worden toegepast.
support-expertise-of = Thema's van { $territory }
err-support-not-open = Deze vraag is niet meer open: ze is opgelost of ingetrokken.
practices-answered = { $count ->
    [one] Deze fiche beantwoordde de hulpvraag van:
   *[other] Deze fiche beantwoordde de hulpvragen van:
}
trainings-ics = Aan de agenda toevoegen (.ics)
trainings-registrations = Inschrijvingen
trainings-started-reason = De opleiding is begonnen: de inschrijvingen veranderen niet meer.
trainings-participants-count = { $count ->
    [one] { $count } deelnemer
   *[other] { $count } deelnemers
}
trainings-status-registered = ingeschreven
trainings-status-waiting = op de wachtlijst
trainings-status-cancelled = geannuleerd
trainings-admit = Aanvaarden
trainings-admit-adding = { $count ->
    [one] Aanvaarden (voegt { $count } plaats toe)
   *[other] Aanvaarden (voegt { $count } plaatsen toe)
}
trainings-leave-waiting = De wachtlijst verlaten
trainings-decline = Weigeren
trainings-cancel-registration = Inschrijving annuleren
flash-registration-cancelled = De inschrijving is geannuleerd; de vrijgekomen plaatsen gaan naar de wachtlijst.
flash-registration-admitted = De inschrijving is aanvaard; de uitnodiging is onderweg.
space-sheet-published = Praktijkfiche gepubliceerd op { $date }
space-support-own = Uw vraag over ‘{ $topic }’ is open: markeer ze als opgelost zodra u uw antwoord hebt.
space-support-to-answer = { $territory } vraagt hulp over ‘{ $topic }’: uw territorium kan antwoorden.
space-support-to-answer-by = { $territory } vraagt hulp over ‘{ $topic }’, tegen { $date }: uw territorium kan antwoorden.
space-training-ics = Agenda (.ics)
space-training-registered = { $count ->
    [one] { $count } deelnemer ingeschreven, op { $date }
   *[other] { $count } deelnemers ingeschreven, op { $date }
}
space-training-waiting = { $count ->
    [one] { $count } deelnemer op de wachtlijst, op { $date }
   *[other] { $count } deelnemers op de wachtlijst, op { $date }
}
space-training-invited = Georganiseerd door { $organiser } op { $date }: { $count ->
    [one] { $count } plaats vrij
   *[other] { $count } plaatsen vrij
}, schrijf uw deelnemers in.
