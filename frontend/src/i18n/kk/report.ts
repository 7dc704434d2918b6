import type { ReportMessages } from '../catalogs';

export const messages: ReportMessages = {
  'report.title': 'Арандату туралы хабарлау',
  'report.intro':
    'Қылмыстық кодекстің 412-1-бабы адамды қылмыс жасауға итермелеген қызметкерді жазалайды: пара ұсыну немесе талап ету, заңды бұзуға көндіру, дәлелдемелерді қолдан жасау. Егер бұл сізбен болса, атыңызды айтпай-ақ ведомствоға осы жерде хабарлай аласыз.',
  'report.safety.title': 'Сіз қалай қорғаласыз',
  'report.safety.encrypted':
    'Хабарламаңыз жіберілмес бұрын осы браузерде шифрланады. Оны тек ведомство оқи алады; серверде тек шифрмәтін сақталады.',
  'report.safety.noAddress': 'Сайт IP-мекенжайыңызды және браузеріңізді жазбайды, басқа сайттардан ештеңе жүктемейді.',
  'report.safety.tor':
    'Жасырындықты күшейту үшін сайтты Tor Browser-де ашыңыз және жұмыс компьютерін не телефонын пайдаланбаңыз.',
  'report.safety.nothingKept':
    'Жазғаныңыз жібергенше тек осы бетте тұрады: браузер оны сақтамайды. Бетті жапсаңыз немесе қайта жүктесеңіз, ол жоғалады.',
  'report.key.title': 'Ведомство кілті',
  'report.key.fingerprint': 'Хабарламаңыз мына саусақ ізі бар кілтпен шифрланады:',
  'report.key.compare': 'Ол ведомство ресми сайтында және плакаттарда жариялаған саусақ ізімен сәйкес келуі керек.',
  'report.key.checking': 'Ведомство кілтін тексеріп жатырмыз…',
  'report.key.mismatch':
    'Тоқтаңыз: сервер ұсынған кілт ({served}) сайт бапталған ведомство кілтімен ({pinned}) сәйкес келмейді. Ештеңе жіберу мүмкін емес. Біреу хабарламаларды оқуға тырысуы мүмкін; ведомствоға басқа жолмен хабарлаңыз.',

  'report.step.count': '{total, number} қадамның {step, number}-қадамы',
  'report.step.next': 'Әрі қарай',
  'report.step.toReview': 'Сақтап, тексеруге қайту',
  'report.step.officers': 'Мұны кім істеді',
  'report.step.inducement': 'Қызметкер не істеді',
  'report.step.outcome': 'Одан кейін не болды',
  'report.step.whenWhere': 'Қашан және қайда',
  'report.step.evidence': 'Куәгерлер мен дәлелдемелер',
  'report.step.you': 'Өзіңіз туралы',
  'report.step.review': 'Тексеру және жіберу',
  'report.errors.title': 'Бұл қадамда {count, plural, one {# қате} other {# қате}} бар',
  'report.form.choose': 'Таңдаңыз…',
  'report.form.chooseAll': 'Сәйкес келетіннің бәрін белгілеңіз.',
  'report.form.characters': '{count, number} / {max, plural, one {# таңба} other {# таңба}}',
  'report.form.submit': 'Шифрлау және жіберу',

  'report.officers.intro':
    'Оқиғаға қатысқан әр қызметкер туралы айтыңыз. Білгеніңізге жауап беріңіз; тек ведомство мен рөл міндетті, екеуінде де «білмеймін» деген жауап бар.',
  'report.officers.agency': 'Қызметкер қайда жұмыс істейді?',
  'report.officers.unit': 'Бөлімше немесе бөлім',
  'report.officers.unitHint': 'Мысалы, аудандық полиция басқармасы немесе нақты бөлім.',
  'report.officers.post': 'Лауазымы немесе атағы',
  'report.officers.role': 'Қызметкердің рөлі қандай болды?',
  'report.officers.roleHint':
    'Жедел қызметкер жедел-іздестіру қызметін жүргізеді (бақылау, тексеру сатып алулары, ақпарат берушілер); тергеуші істі сотқа дейінгі тергеп-тексеруді жүргізеді.',
  'report.officers.nameOrBadge': 'Аты-жөні немесе төсбелгі нөмірі, білсеңіз',
  'report.officers.description': 'Қызметкерді тануға тағы не көмектеседі?',
  'report.officers.descriptionHint': 'Сырт келбеті, жасы, көлігі, кабинет нөмірі, оған қалай жүгінгені…',
  'report.officers.add': 'Тағы бір қызметкерді қосу',
  'report.officers.remove': '{n, number}-қызметкерді алып тастау',
  'report.officers.count': 'Хабарламада {count, plural, one {# қызметкер} other {# қызметкер}}',
  'report.officers.fieldOf': '{n, number}-қызметкер, «{field}»',

  'report.inducement.kinds': 'Қызметкер не істеді?',
  'report.inducement.kindOther': 'Тағы не істеді?',
  'report.inducement.account': 'Не айтылды немесе не істелді?',
  'report.inducement.accountHint':
    'Өз сөзіңізбен: кім не істеді, не ұсынды, не талап етті немесе немен қорқытты, не боларын айтты. Ведомство атыңызды білуін қаламасаңыз, оны жазбаңыз.',
  'report.inducement.words': 'Қандай сөздермен?',
  'report.inducement.wordsHint': 'Қызметкердің сөздері, есіңізде қалғандай дәл.',
  'report.inducement.channels': 'Қызметкер сізбен қалай байланысты?',
  'report.inducement.channelOther': 'Тағы қандай жолмен?',

  'report.outcome.pushedToward': 'Сізді (немесе басқа адамды) қандай құқық бұзушылыққа итермеледі?',
  'report.outcome.pushedTowardHint':
    'Мысалы: есірткі сату немесе тасымалдау, пара беру, қару сатып алу, жалған жауап беруге қол қою.',
  'report.outcome.committed': 'Ол жасалды ма?',
  'report.outcome.consequences': 'Одан кейін не болды?',
  'report.outcome.caseNumber': 'Іс нөмірі, білсеңіз',
  'report.outcome.caseNumberHint':
    'Сотқа дейінгі тергеп-тексерулердің бірыңғай тізіліміндегі (СДТБТ, ЕРДР) немесе ақпаратты есепке алу кітабындағы (КУИ) нөмір.',
  'report.outcome.caseStage': 'Іс қазір қай сатыда?',
  'report.outcome.details': 'Одан кейін не болғаны, өз сөзіңізбен',
  'report.outcome.detailsHint': 'Қанша ақша және қалай берілді, біреуді қайда апарды, неге қол қойылды…',
  'report.outcome.motive': 'Сіздің ойыңызша, қызметкер мұны не үшін істеді?',
  'report.outcome.motiveDetails': 'Себебі туралы тағы не бар',

  'report.when.date': 'Бұл қай күні болды?',
  'report.when.dateHint': 'Нақты күнін білмесеңіз, жақын күнді таңдап, «Күні шамамен» дегенді белгілеңіз.',
  'report.when.approximate': 'Күні шамамен',
  'report.when.details': 'Уақыты немесе кезеңі',
  'report.when.detailsHint': 'Мысалы: шамамен 19:00; немесе: наурызда бірнеше апта бойы.',
  'report.where.region': 'Облыс немесе қала',
  'report.where.regionChoose': 'Облыс немесе қала…',
  'report.where.locality': 'Аудан немесе елді мекен',
  'report.where.place': 'Орны',
  'report.where.placeHint': 'Көше, ғимарат, кабинет, кафе…',

  'report.evidence.witnesses': 'Мұны басқа біреу көрді ме, естіді ме?',
  'report.evidence.witnessDetails': 'Куәгерлер кім?',
  'report.evidence.witnessDetailsHint':
    'Олардың аты-жөні немесе ведомство оларды қалай таба алатыны — тек олар келіссе.',
  'report.evidence.kinds': 'Қандай дәлелдемелер бар?',
  'report.evidence.kindsHint': 'Қазір жібере алмасаңыз да, бардың бәрін белгілеңіз.',
  'report.evidence.details': 'Дәлелдемелер қайда және кімде?',
  'report.evidence.detailsHint': 'Мысалы: жазба менің телефонымда; іс материалдары адвокатымда.',

  'report.you.position': 'Бұл істе сіз кімсіз?',
  'report.you.positionHint': 'Қылмыстық іс қозғалса — ондағы жағдайыңыз.',
  'report.you.positionOther': 'Жағдайыңызды сипаттаңыз',
  'report.you.lawyer': 'Адвокатыңыз бар ма?',
  'report.you.writeBack': 'Ведомство сізге осы жерде жаза ала ма?',
  'report.you.writeBackHint':
    'Иә болса, ведомство осы сайтта сізге сұрақтар қалдыра алады; оларды тек түбіртегіңізбен ашуға болады. Жоқ болса, ведомство хабарламаңызды тек оқиды.',
  'report.you.identity': 'Ведомствоға кім екеніңізді айтқыңыз келе ме?',
  'report.you.identityHint': 'Бұл міндетті емес: хабарламаны атыңызсыз жіберуге болады.',
  'report.you.anonymous': 'Жоқ, жасырын қаламын',
  'report.you.named': 'Иә, атымды айтамын',
  'report.you.warningTitle': 'Атыңызды айтпас бұрын',
  'report.you.warning':
    'Қылмыстық кодекстің 419-бабы көрінеу жалған сөз тасуға қатысты. Егер өзіңізді атасаңыз және ведомство хабарламаңызды әрі қарай жіберсе, көрінеу жалған мәлімет берген жағдайда сізді осы бап бойынша жауапқа тартуы мүмкін.',
  'report.you.warned': 'Бұл ескертуді оқыдым',
  'report.you.name': 'Атыңыз',
  'report.you.contact': 'Ведомство сізбен қалай байланыса алады?',
  'report.you.contactHint': 'Телефон, электрондық пошта немесе пошта мекенжайы — тек пайдалануын қаласаңыз.',

  'report.review.intro':
    'Әзірге ештеңе жіберілген жоқ. Жауаптарыңызды тексеріңіз; кез келгенін өзгертуге болады. Жіберген кезде хабарлама алдымен осы браузерде шифрланады.',
  'report.review.change': 'Өзгерту',
  'report.review.changeSection': 'Өзгерту: {section}',

  'report.error.officerAgency':
    '{n, number}-қызметкердің қайда жұмыс істейтінін таңдаңыз (немесе «Басқа немесе белгісіз»).',
  'report.error.officerRole': '{n, number}-қызметкердің рөлін таңдаңыз (немесе «Білмеймін»).',
  'report.error.kinds': 'Қызметкердің кем дегенде бір әрекетін белгілеңіз.',
  'report.error.account': 'Не айтылғанын немесе не істелгенін сипаттаңыз.',
  'report.error.tooLong':
    '{field}: ең көбі {max, plural, one {# таңбаға} other {# таңбаға}} дейін қысқартыңыз (қазір {count, number}).',
  'report.error.dateIncomplete': 'Күнді толық енгізіңіз (күні, айы және жылы) немесе өрісті тазалаңыз.',
  'report.error.dateFuture': 'Күн бүгіннен ({today}) кейін болмауы керек.',
  'report.error.dateEarly': 'Күн {earliest} күнінен ерте болмауы керек.',
  'report.error.position': 'Жағдайыңызды таңдаңыз (немесе «Басқа немесе бұлардың ешқайсысы емес»).',
  'report.error.writeBack': 'Ведомство сізге осы жерде жаза ала ма, соны таңдаңыз.',
  'report.error.warned': 'Ескертуді оқығаныңызды белгілеңіз немесе жасырын қалуды таңдаңыз.',
  'report.error.name': 'Атыңызды енгізіңіз немесе жасырын қалуды таңдаңыз.',
  'report.error.tooLarge':
    'Хабарлама жіберу үшін тым ұзын. Ең ұзын жауаптарды шамамен {share, number, percent} қысқартыңыз.',

  'report.stage.checkingKey': 'Ведомство кілтін тексеріп жатырмыз…',
  'report.stage.encrypting': 'Браузеріңізде шифрлап жатырмыз…',
  'report.stage.sending': 'Шифрланған хабарламаны жіберіп жатырмыз…',
  'report.failed.title': 'Ештеңе жіберілген жоқ',
  'report.failed.tooLarge': 'Хабарлама жіберу үшін тым ұзын. Ең ұзын жауаптарды қысқартыңыз.',
  'report.done.title': 'Хабарламаңыз қабылданды',
  'report.done.receiptLabel': 'Түбіртегіңіз',
  'report.done.receiptHelp':
    'Бұл түбіртекті сақтап, оны ешкім таппайтын қауіпсіз жерде ұстаңыз. Сізді осы хабарламамен тек сол ғана байланыстырады. Оны ешкім қалпына келтіре алмайды және ол қайта көрсетілмейді.',
  'report.done.copy': 'Көшіру',
  'report.done.copied': 'Көшірілді',
  'report.done.copyFailed': 'Мұнда көшіру мүмкін болмады: код белгіленді, оны өзіңіз көшіріңіз немесе жазып алыңыз.',
  'report.done.download': 'Мәтіндік файл ретінде жүктеп алу',
  'report.done.print': 'Басып шығару',
  'report.done.fileTitle': 'Түбіртек',
  'report.done.confirm': 'Түбіртекті сақтадым (көшірдім, жүктеп алдым, басып шығардым немесе жазып алдым)',
  'report.done.confirmMissing': 'Алдымен белгілеңіз: жасырылған түбіртекті қайта көрсету мүмкін емес.',
  'report.done.hide': 'Түбіртекті жасыру',
  'report.done.closed': 'Түбіртек енді көрсетілмейді. Бұл бетті жабуға болады.',
  'report.done.another': 'Тағы бір хабарлама жіберу',
};
