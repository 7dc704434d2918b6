import type { ReportMessages } from '../catalogs';

export const messages: ReportMessages = {
  'report.title': 'Сообщить о провокации',
  'report.intro':
    'Статья 412-1 Уголовного кодекса наказывает сотрудника, который склоняет человека к совершению преступления: предлагает или вымогает взятку, уговаривает нарушить закон, подбрасывает доказательства. Если это случилось с вами, вы можете сообщить ведомству здесь, не называя своего имени.',
  'report.safety.title': 'Как вы защищены',
  'report.safety.encrypted':
    'Ваше сообщение шифруется в этом браузере до отправки. Прочитать его может только ведомство; сервер хранит лишь шифротекст.',
  'report.safety.noAddress': 'Сайт не записывает ваш IP-адрес и браузер и ничего не загружает с других сайтов.',
  'report.safety.tor':
    'Для большей анонимности откройте сайт в Tor Browser и не пользуйтесь рабочим компьютером или телефоном.',
  'report.safety.nothingKept':
    'Написанное остаётся только на этой странице, пока вы не отправите его: браузер его не сохраняет. Если закрыть или перезагрузить страницу, оно пропадёт.',
  'report.key.title': 'Ключ ведомства',
  'report.key.fingerprint': 'Сообщение будет зашифровано ключом с этим отпечатком:',
  'report.key.compare':
    'Он должен совпадать с отпечатком, который ведомство публикует на официальном сайте и плакатах.',
  'report.key.checking': 'Проверяем ключ ведомства…',
  'report.key.mismatch':
    'Стоп: сервер предложил ключ ({served}), а сайт настроен на другой ключ ведомства ({pinned}). Отправка невозможна. Возможно, кто-то пытается читать сообщения; пожалуйста, сообщите ведомству другим способом.',

  'report.step.count': 'Шаг {step, number} из {total, number}',
  'report.step.next': 'Далее',
  'report.step.toReview': 'Сохранить и вернуться к проверке',
  'report.step.officers': 'Кто это сделал',
  'report.step.inducement': 'Что сделал сотрудник',
  'report.step.outcome': 'Что было потом',
  'report.step.whenWhere': 'Когда и где',
  'report.step.evidence': 'Свидетели и доказательства',
  'report.step.you': 'О вас',
  'report.step.review': 'Проверка и отправка',
  'report.errors.title': 'На этом шаге {count, plural, one {# ошибка} few {# ошибки} many {# ошибок} other {# ошибки}}',
  'report.form.choose': 'Выберите…',
  'report.form.chooseAll': 'Отметьте всё, что подходит.',
  'report.form.characters':
    '{count, number} из {max, plural, one {# символа} few {# символов} many {# символов} other {# символа}}',
  'report.form.submit': 'Зашифровать и отправить',

  'report.officers.intro':
    'Расскажите о каждом причастном сотруднике. Отвечайте на то, что знаете; обязательны только ведомство и роль, и у обоих есть ответ «не знаю».',
  'report.officers.agency': 'Где работает сотрудник?',
  'report.officers.unit': 'Подразделение или отдел',
  'report.officers.unitHint': 'Например, районное управление полиции или конкретный отдел.',
  'report.officers.post': 'Должность или звание',
  'report.officers.role': 'Какую роль играл сотрудник?',
  'report.officers.roleHint':
    'Оперативный сотрудник ведёт оперативно-розыскную деятельность (наблюдение, проверочные закупки, осведомители); следователь ведёт досудебное расследование дела.',
  'report.officers.nameOrBadge': 'Имя или номер жетона, если знаете',
  'report.officers.description': 'Что ещё поможет узнать сотрудника?',
  'report.officers.descriptionHint': 'Внешность, возраст, машина, номер кабинета, как к нему обращались…',
  'report.officers.add': 'Добавить ещё одного сотрудника',
  'report.officers.remove': 'Убрать сотрудника {n, number}',
  'report.officers.count':
    'В сообщении {count, plural, one {# сотрудник} few {# сотрудника} many {# сотрудников} other {# сотрудника}}',
  'report.officers.fieldOf': 'Сотрудник {n, number}, «{field}»',

  'report.inducement.kinds': 'Что сделал сотрудник?',
  'report.inducement.kindOther': 'Что ещё он сделал?',
  'report.inducement.account': 'Что было сказано или сделано?',
  'report.inducement.accountHint':
    'Своими словами: кто что сделал, что предлагал, требовал или чем угрожал, что обещал. Не пишите своё имя, если не хотите, чтобы ведомство его знало.',
  'report.inducement.words': 'Какими словами?',
  'report.inducement.wordsHint': 'Слова сотрудника, как можно ближе к тому, что вы помните.',
  'report.inducement.channels': 'Как сотрудник с вами связывался?',
  'report.inducement.channelOther': 'Каким ещё способом?',

  'report.outcome.pushedToward': 'К какому правонарушению склоняли вас (или другого человека)?',
  'report.outcome.pushedTowardHint':
    'Например: продать или перевезти наркотики, дать взятку, купить оружие, подписать ложные показания.',
  'report.outcome.committed': 'Было ли оно совершено?',
  'report.outcome.consequences': 'Что было потом?',
  'report.outcome.caseNumber': 'Номер дела, если знаете',
  'report.outcome.caseNumberHint':
    'Номер в Едином реестре досудебных расследований (ЕРДР) или в книге учёта информации (КУИ).',
  'report.outcome.caseStage': 'На какой стадии дело сейчас?',
  'report.outcome.details': 'Что было потом, своими словами',
  'report.outcome.detailsHint': 'Сколько денег и как их передали, куда кого-то доставили, что подписали…',
  'report.outcome.motive': 'Зачем, по-вашему, сотрудник это сделал?',
  'report.outcome.motiveDetails': 'Что ещё о причинах',

  'report.when.date': 'В какой день это случилось?',
  'report.when.dateHint': 'Если точный день неизвестен, выберите близкий и отметьте «Дата примерная».',
  'report.when.approximate': 'Дата примерная',
  'report.when.details': 'Время или период',
  'report.when.detailsHint': 'Например: около 19:00; или: несколько недель в марте.',
  'report.where.region': 'Область или город',
  'report.where.regionChoose': 'Выберите область или город…',
  'report.where.locality': 'Район или населённый пункт',
  'report.where.place': 'Место',
  'report.where.placeHint': 'Улица, здание, кабинет, кафе…',

  'report.evidence.witnesses': 'Видел или слышал ли это кто-то ещё?',
  'report.evidence.witnessDetails': 'Кто свидетели?',
  'report.evidence.witnessDetailsHint': 'Их имена или как ведомство может их найти — только если они согласны.',
  'report.evidence.kinds': 'Какие есть доказательства?',
  'report.evidence.kindsHint': 'Отметьте всё, что есть, даже если сейчас вы не можете это отправить.',
  'report.evidence.details': 'Где доказательства и у кого они?',
  'report.evidence.detailsHint': 'Например: запись в моём телефоне; материалы дела у моего адвоката.',

  'report.you.position': 'Кто вы в этой истории?',
  'report.you.positionHint': 'Если возбуждено уголовное дело — ваше положение в нём.',
  'report.you.positionOther': 'Опишите ваше положение',
  'report.you.lawyer': 'Есть ли у вас адвокат?',
  'report.you.writeBack': 'Может ли ведомство написать вам здесь?',
  'report.you.writeBackHint':
    'Если да, ведомство сможет оставить вам вопросы на этом сайте; открыть их можно только вашей квитанцией. Если нет, ведомство только прочитает сообщение.',
  'report.you.identity': 'Хотите ли вы сообщить ведомству, кто вы?',
  'report.you.identityHint': 'Это не обязательно: сообщение можно отправить без имени.',
  'report.you.anonymous': 'Нет, остаюсь анонимным',
  'report.you.named': 'Да, назову себя',
  'report.you.warningTitle': 'Прежде чем назвать себя',
  'report.you.warning':
    'Статья 419 Уголовного кодекса касается заведомо ложного доноса. Если вы назовёте себя и ведомство передаст ваше сообщение дальше, вас могут привлечь к ответственности по этой статье, если вы заведомо сообщите ложные сведения.',
  'report.you.warned': 'Я прочитал(а) это предупреждение',
  'report.you.name': 'Ваше имя',
  'report.you.contact': 'Как ведомство может с вами связаться?',
  'report.you.contactHint':
    'Телефон, электронная почта или почтовый адрес — только если вы хотите, чтобы ими пользовались.',

  'report.review.intro':
    'Пока ничего не отправлено. Проверьте ответы; любой из них можно изменить. При отправке сообщение сначала шифруется в этом браузере.',
  'report.review.change': 'Изменить',
  'report.review.changeSection': 'Изменить: {section}',

  'report.error.officerAgency': 'Выберите, где работает сотрудник {n, number} (или «Другое или неизвестно»).',
  'report.error.officerRole': 'Выберите роль сотрудника {n, number} (или «Не знаю»).',
  'report.error.kinds': 'Отметьте хотя бы одно действие сотрудника.',
  'report.error.account': 'Опишите, что было сказано или сделано.',
  'report.error.tooLong':
    '{field}: сократите до {max, plural, one {# символа} few {# символов} many {# символов} other {# символа}} (сейчас {count, number}).',
  'report.error.dateIncomplete': 'Введите дату полностью (день, месяц и год) или очистите поле.',
  'report.error.dateFuture': 'Дата не может быть позже сегодняшней, {today}.',
  'report.error.dateEarly': 'Дата не может быть раньше {earliest}.',
  'report.error.position': 'Выберите ваше положение (или «Другое или ничего из этого»).',
  'report.error.writeBack': 'Выберите, может ли ведомство написать вам здесь.',
  'report.error.warned': 'Отметьте, что прочитали предупреждение, или выберите остаться анонимным.',
  'report.error.name': 'Введите ваше имя или выберите остаться анонимным.',
  'report.error.tooLarge':
    'Сообщение слишком длинное для отправки. Сократите самые длинные ответы примерно на {share, number, percent}.',

  'report.stage.checkingKey': 'Проверяем ключ ведомства…',
  'report.stage.encrypting': 'Шифруем в вашем браузере…',
  'report.stage.sending': 'Отправляем зашифрованное сообщение…',
  'report.failed.title': 'Ничего не отправлено',
  'report.failed.tooLarge': 'Сообщение слишком длинное для отправки. Сократите самые длинные ответы.',
  'report.done.title': 'Ваше сообщение получено',
  'report.done.receiptLabel': 'Ваша квитанция',
  'report.done.receiptHelp':
    'Сохраните эту квитанцию и храните её в надёжном месте, где её никто не найдёт. Только она связывает вас с этим сообщением. Восстановить её никто не сможет, и больше она не будет показана.',
  'report.done.copy': 'Скопировать',
  'report.done.copied': 'Скопировано',
  'report.done.copyFailed': 'Скопировать здесь не получилось: код выделен, скопируйте его сами или перепишите.',
  'report.done.download': 'Скачать текстовым файлом',
  'report.done.print': 'Распечатать',
  'report.done.fileTitle': 'Квитанция',
  'report.done.confirm': 'Я сохранил(а) квитанцию (скопировал(а), скачал(а), распечатал(а) или записал(а))',
  'report.done.confirmMissing': 'Сначала отметьте поле: скрытую квитанцию показать снова нельзя.',
  'report.done.hide': 'Скрыть квитанцию',
  'report.done.closed': 'Квитанция больше не показывается. Эту страницу можно закрыть.',
  'report.done.another': 'Отправить ещё одно сообщение',
};
