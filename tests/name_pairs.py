"""Hand-written name pairs for testing person / organisation name resolution.

SAME_PERSON      -- pairs of person names that a careful analyst would treat as
                    the same person: transliteration / spelling variants of
                    Cyrillic names (ё as yo/e, -iy/-y/-yy, ya/ia/ja, kh/h, x/ks,
                    German/Polish spellings, Ukrainian vs Russian-based
                    romanisation), Cyrillic vs Latin script, patronymic or middle
                    initial present vs absent, ALL CAPS vs normal case, and
                    accented vs plain Latin letters.
DIFFERENT_PEOPLE -- pairs that must NOT be merged: shared given name or shared
                    surname, relatives, husband/wife-style masculine/feminine
                    surname forms, and near-homographs.
SAME_ORG         -- pairs of organisation names that refer to the same body, across
                    categories (UN system, international organisations, security
                    services, ministries, central banks, state companies, news
                    agencies), names, acronyms and scripts.
DIFFERENT_ORGS   -- similar-looking organisation names that are different bodies
                    (one kind of institution of two countries, one family of bodies).
SAME_COUNTRY     -- country name variants ("America", "the States", "РФ").
DIFFERENT_PLACES -- places a country table lists under a country that are not it.

All pairs were written from general knowledge of Cyrillic romanisation and of
public figures / institutions, not taken from any particular article.  Some
people are invented but plausible.  Pair order is not significant.
"""

SAME_PERSON: list[tuple[str, str]] = [
    # -iy / -y / -yy / -yi endings
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),  # Reuters-style spelling
    ("Volodymyr Zelenskyi", "Volodymyr Zelenskyy"),
    ("Taras Kovalskyy", "Taras Kovalskiy"),  # invented
    ("Oleksandr Syrskyi", "Oleksandr Syrsky"),
    ("Dmitry Polyanskiy", "Dmitry Polyansky"),
    # Ukrainian vs Russian-based romanisation of the same person in English media
    ("Volodymyr Zelensky", "Vladimir Zelensky"),
    ("Vitali Klitschko", "Vitaliy Klychko"),  # German-derived vs direct romanisation
    ("Kyrylo Budanov", "Kirill Budanov"),
    ("Yulia Tymoshenko", "Yulia Timoshenko"),
    ("Alyaksandr Lukashenka", "Alexander Lukashenko"),  # Belarusian vs Russian form
    ("Andriy Yermak", "Andrii Yermak"),
    # Sergei / Sergey / Sergej, Dmitry / Dmitri / Dmitrii / Dmitriy
    ("Sergei Lavrov", "Sergey Lavrov"),
    ("Sergei Shoigu", "Sergey Shoygu"),
    ("Dmitry Peskov", "Dmitri Peskov"),
    ("Dmitrii Peskov", "Dmitriy Peskov"),
    # -ev / -yev / -iev / -jew
    ("Kirill Dmitriev", "Kirill Dmitriyev"),
    ("Oleg Sergeyev", "Oleg Sergeev"),  # invented
    ("Oleg Sergeiev", "Oleg Sergejew"),  # invented; -iev vs German -jew
    ("Dmitry Medvedev", "Dmitri Medwedew"),  # German spelling
    # ё written as yo / e / jo / io
    ("Fyodor Dostoyevsky", "Fedor Dostoevsky"),
    ("Pyotr Stolypin", "Petr Stolypin"),
    ("Semyon Budyonny", "Semen Budennyi"),
    ("Sergei Korolyov", "Sergei Korolev"),
    ("Mikhail Gorbachev", "Mikhail Gorbachyov"),
    ("Alla Pugacheva", "Alla Pugachyova"),
    ("Artyom Zhukov", "Artem Zhukov"),  # invented
    ("Aleksei Fyodorov", "Alexey Fedorov"),  # invented
    ("Ilya Kovalyov", "Ilia Kovalev"),  # invented
    # ya / ia / ja and yu / iu / ju
    ("Natalya Poklonskaya", "Natalia Poklonskaya"),
    ("Nataliya Poklonskaya", "Natalja Poklonskaja"),
    ("Tatyana Golikova", "Tatiana Golikova"),
    ("Valentina Matviyenko", "Valentina Matvienko"),
    ("Yulia Navalnaya", "Iuliia Navalnaya"),  # passport-style romanisation
    ("Yulia Navalnaya", "Julia Nawalnaja"),  # German spelling
    ("Yuri Ushakov", "Iurii Ushakov"),
    ("Gennady Zyuganov", "Gennadiy Ziuganov"),
    # Yevgeny / Evgeny / Evgenii / Jewgeni
    ("Yevgeny Prigozhin", "Evgeny Prigozhin"),
    ("Yevgeniy Prigozhin", "Evgenii Prigozhin"),
    ("Yevgeny Prigozhin", "Jewgeni Prigoschin"),  # German spelling
    ("Yevgeniya Solovyova", "Evgenia Soloveva"),  # invented
    # kh / h / ch and x / ks
    ("Mikhail Mishustin", "Mihail Mishustin"),
    ("Mikhail Khodorkovsky", "Michail Chodorkowski"),  # German/Polish spelling
    ("Aleksandr Dugin", "Alexandr Dugin"),
    ("Aleksandr Bortnikov", "Alexander Bortnikov"),
    ("Maksim Orlov", "Maxim Orlov"),  # invented
    ("Alexei Navalny", "Aleksei Navalny"),
    ("Alexey Navalny", "Alexei Navalnyy"),
    # German / Polish-style w / sz / tsch / cz spellings
    ("Pyotr Tchaikovsky", "Pyotr Chaikovsky"),
    ("Pyotr Chaikovsky", "Pjotr Tschaikowski"),  # German spelling
    ("Pyotr Tchaikovsky", "Piotr Czajkowski"),  # Polish spelling
    ("Sergei Lavrov", "Sergej Lawrow"),  # German spelling
    ("Sergei Shoigu", "Sergej Schoigu"),  # German spelling
    ("Mikhail Gorbachev", "Michail Gorbatschow"),  # German spelling
    ("Yulia Tymoshenko", "Julia Timoschenko"),  # German spelling
    # doubled letters
    ("Vasily Nebenzya", "Vassily Nebenzia"),
    ("Valery Gerasimov", "Walerij Gerassimow"),  # German spelling, double s
    ("Gennady Timchenko", "Genady Timchenko"),
    # Cyrillic vs Latin script
    ("Дмитрий Песков", "Dmitry Peskov"),
    ("Мария Захарова", "Maria Zakharova"),
    ("Сергей Лавров", "Sergei Lavrov"),
    ("Эльвира Набиуллина", "Elvira Nabiullina"),
    ("Володимир Зеленський", "Volodymyr Zelenskyy"),  # Ukrainian Cyrillic
    # patronymic / middle initial present vs absent
    ("Vladimir Vladimirovich Putin", "Vladimir Putin"),
    ("Sergey Viktorovich Lavrov", "Sergei Lavrov"),
    ("Dmitry A. Medvedev", "Dmitry Medvedev"),  # patronymic initial
    ("Larry C. Johnson", "Larry Johnson"),
    ("Margaret T. Hollis", "Margaret Hollis"),  # invented
    # ALL CAPS vs normal case
    ("VLADIMIR PUTIN", "Vladimir Putin"),
    ("Elvira NABIULLINA", "Elvira Nabiullina"),  # surname-in-caps convention
    ("MARIA ZAKHAROVA", "Mariya Zakharova"),
    # accented vs plain Latin letters
    ("José Manuel Barroso", "Jose Manuel Barroso"),
    ("François Hollande", "Francois Hollande"),
    ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
    ("Radosław Sikorski", "Radoslaw Sikorski"),
    ("Péter Szijjártó", "Peter Szijjarto"),
]

DIFFERENT_PEOPLE: list[tuple[str, str]] = [
    # same given name, different surname
    ("Dmitry Peskov", "Dmitry Medvedev"),
    ("Dmitry Peskov", "Dmitry Kozak"),
    ("Sergei Lavrov", "Sergei Shoigu"),
    ("Sergei Shoigu", "Sergei Sobyanin"),
    ("Yevgeny Primakov", "Yevgeny Prigozhin"),
    ("Vladimir Zelensky", "Vladimir Zhirinovsky"),
    ("Anatoly Antonov", "Anatoly Serdyukov"),
    ("Maria Zakharova", "Maria Lvova-Belova"),
    ("Дмитрий Песков", "Dmitry Medvedev"),  # Cyrillic, but different person
    # similar-looking surnames of different people
    ("Dmitry Medvedev", "Viktor Medvedchuk"),
    ("Viktor Medvedev", "Viktor Medvedchuk"),  # invented Medvedev
    ("Dmitry Kozak", "Dmitry Kozakov"),  # Kozakov invented
    ("Sergei Lavrov", "Alexander Lavrentiev"),
    ("Sergei Lavrov", "Sergei Lavrentyev"),  # invented near-homograph
    ("Andriy Yermak", "Andrei Yermakov"),  # Yermakov invented
    ("Sergei Markov", "Sergei Mironov"),
    ("Alexei Kudrin", "Alexei Kuzmin"),
    ("Anton Siluanov", "Anton Silvanov"),  # Silvanov invented
    ("Vladimir Putin", "Vladimir Potanin"),
    ("Igor Sechin", "Igor Shuvalov"),
    # husband/wife-style masculine vs feminine forms (invented)
    ("Ivan Ivanov", "Maria Ivanova"),
    ("Andrei Smirnov", "Anna Smirnova"),
    ("Oleg Petrov", "Olga Petrova"),
    ("Yevgeny Ivanov", "Yevgenia Ivanova"),  # Yevgeny vs Yevgenia
    ("Valery Kuznetsov", "Valeria Kuznetsova"),  # Valery vs Valeria
    ("ALEXANDER IVANOV", "ALEXANDRA IVANOVA"),
    # Ukrainian vs Russian different people with related given names
    ("Kyrylo Budanov", "Kirill Dmitriev"),
    ("Kirill Budanov", "Kirill Dmitriev"),
    ("Mykhailo Fedorov", "Mikhail Fedotov"),
    ("Denys Shmyhal", "Denis Manturov"),
    ("Yuriy Boyko", "Yuri Borisov"),
    ("Dmytro Kuleba", "Dmitry Kozak"),
    ("Oleksandr Syrskyi", "Aleksandr Lukashenko"),
    # same surname, different given names
    ("Alexander Novak", "Andrei Novak"),  # Andrei Novak invented
    ("Sergei Ivanov", "Viktor Ivanov"),
    ("Andrei Belousov", "Vladimir Belousov"),  # Vladimir Belousov invented
    ("Yuri Ushakov", "Yuri Trutnev"),
    # relatives
    ("Hunter Biden", "Joe Biden"),
    ("Donald Trump", "Donald Trump Jr."),
    ("Eric Trump", "Donald Trump Jr."),
    ("Vitali Klitschko", "Wladimir Klitschko"),  # brothers
    ("Yulia Tymoshenko", "Yevhenia Tymoshenko"),  # mother / daughter
    ("Alexei Navalny", "Yulia Navalnaya"),  # husband / wife
    ("Alexei Navalny", "Oleg Navalny"),  # brothers
    ("Alexander Dugin", "Darya Dugina"),  # father / daughter
    ("Yevgeny Prigozhin", "Pavel Prigozhin"),  # father / son
    ("Ramzan Kadyrov", "Akhmat Kadyrov"),  # son / father
    ("Arkady Rotenberg", "Boris Rotenberg"),  # brothers
    ("Yuri Kovalchuk", "Mikhail Kovalchuk"),  # brothers
    ("Nikolai Patrushev", "Dmitry Patrushev"),  # father / son
    ("Alexander Bortnikov", "Denis Bortnikov"),  # father / son
    ("Sergei Kiriyenko", "Vladimir Kiriyenko"),  # father / son
    ("Sergei Borisovich Ivanov", "Sergei Sergeyevich Ivanov"),  # father / son, differ only by patronymic
    # conflicting middle initials (invented)
    ("Larry C. Johnson", "Larry D. Johnson"),
    ("John A. Smith", "John B. Smith"),
    # other near-homographs / easily confused
    ("Igor Strelkov", "Igor Sechin"),
    ("Olga Skabeeva", "Olga Smirnova"),
    ("Natalia Poklonskaya", "Natalia Popova"),  # Popova invented
    ("Vasily Nebenzya", "Dmitry Polyanskiy"),
]

SAME_ORG: list[tuple[str, str]] = [
    ("Gazprom", "GAZPROM"),
    ("Газпром", "Gazprom"),
    ("the Kremlin", "Kremlin"),
    ("Rosneft", "Rosneft'"),  # apostrophe marks the Cyrillic soft sign
    ("Bank of Russia", "the Bank of Russia"),
    ("Central Bank of Russia", "Bank of Russia"),  # official vs common name
    ("Roscosmos", "Roskosmos"),
    ("Rosatom", "ROSATOM"),
    ("Lukoil", "LUKOIL"),
    ("Wagner Group", "the Wagner Group"),
    ("Federal Security Service", "FSB"),
    ("Sberbank", "Sber"),  # 2020 rebrand
    # acronyms from initials, in English and Russian (hyphenated words give one letter)
    ("OSCE", "Organization for Security and Co-operation in Europe"),
    ("ОБСЕ", "Организация по безопасности и сотрудничеству в Европе"),
    ("ОДКБ", "Организация Договора о коллективной безопасности"),
    # the UN system and other international organisations, across names, acronyms and scripts
    ("UN", "United Nations"),
    ("ООН", "United Nations"),
    ("NATO", "North Atlantic Alliance"),
    ("НАТО", "North Atlantic Treaty Organization"),
    ("ОБСЕ", "OSCE"),
    ("IAEA", "МАГАТЭ"),
    ("WHO", "World Health Organization"),
    ("IMF", "Международный валютный фонд"),
    ("World Bank", "Всемирный банк"),
    ("UNHCR", "UN refugee agency"),
    ("CSTO", "ОДКБ"),
    ("SCO", "Shanghai Cooperation Organisation"),
    ("ICC", "International Criminal Court"),
    ("ICJ", "World Court"),
    ("Interpol", "International Criminal Police Organization"),
    ("ICRC", "International Committee of the Red Cross"),
    ("EU", "Евросоюз"),
    ("European Commission", "Еврокомиссия"),
    ("BRICS", "БРИКС"),
    # security and intelligence services
    ("FSB", "ФСБ"),
    ("SVR", "Служба внешней разведки"),
    ("SBU", "Security Service of Ukraine"),
    ("CIA", "ЦРУ"),
    ("Federal Bureau of Investigation", "FBI"),
    ("MI6", "Secret Intelligence Service"),
    ("Mossad", "Моссад"),
    ("Shin Bet", "Israel Security Agency"),
    ("IRGC", "Revolutionary Guards"),
    ("BND", "Bundesnachrichtendienst"),
    # foreign and defence ministries, central banks
    ("Fed", "Federal Reserve"),
    ("Federal Reserve", "ФРС"),
    ("Bank of England", "BoE"),
    ("People's Bank of China", "PBOC"),
    ("National Bank of Ukraine", "НБУ"),
    ("Bank of Russia", "ЦБ РФ"),
    ("Central Bank of Russia", "Банк России"),
    ("State Department", "Госдеп"),
    ("Pentagon", "Department of Defense"),
    ("Russian Foreign Ministry", "МИД России"),
    ("Ukraine's Defence Ministry", "Минобороны Украины"),
    ("Turkish Central Bank", "CBRT"),
    ("Ministry of External Affairs", "Indian Foreign Ministry"),
    ("Foreign Office", "FCDO"),
    # state companies
    ("Rosatom", "Росатом"),
    ("Sberbank", "Сбер"),
    ("Saudi Aramco", "Aramco"),
    ("Naftogaz", "Нафтогаз Украины"),
    ("Russian Railways", "РЖД"),
    ("Rostec", "Ростех"),
    # news agencies
    ("TASS", "ИТАР-ТАСС"),
    ("RIA Novosti", "РИА Новости"),
    ("Associated Press", "AP"),
    ("AFP", "Agence France-Presse"),
    ("Xinhua", "Синьхуа"),
    ("Reuters", "Рейтер"),
    ("Интерфакс", "Interfax"),
]

DIFFERENT_ORGS: list[tuple[str, str]] = [
    ("Rosselkhozbank", "Rosselkhoznadzor"),  # agricultural bank vs agricultural regulator
    ("Rosatom", "Rostec"),
    ("Gazprom", "Gazprombank"),
    ("Gazprom", "Gazprom Neft"),  # parent vs oil subsidiary
    ("Roskomnadzor", "Rosobrnadzor"),  # media regulator vs education regulator
    ("Federal Security Service", "Federal Protective Service"),  # FSB vs FSO
    ("Federal Security Service", "Foreign Intelligence Service"),  # FSB vs SVR
    ("Federal Security Service", "Security Service of Ukraine"),  # FSB vs SBU
    ("Rosneft", "Rosneftegaz"),  # state holding company that owns a stake in Rosneft
    ("Rosneft", "Transneft"),
    ("Rostec", "Rostelecom"),
    ("Bank of Russia", "Bank Rossiya"),  # central bank vs private St Petersburg bank
    ("Sovcomflot", "Sovcombank"),
    ("Roscosmos", "Rosatom"),
    ("Rosoboronexport", "Rosoboronzakaz"),  # arms exporter vs procurement agency
    # one kind of institution, two countries
    ("Central Bank of Russia", "Central Bank of Turkey"),
    ("National Bank of Ukraine", "National Bank of Poland"),
    ("Bank of Russia", "Bank of England"),
    ("Federal Reserve", "European Central Bank"),
    ("Russian Foreign Ministry", "Ukrainian Foreign Ministry"),
    ("State Department", "Foreign Office"),
    ("Pentagon", "Ministry of Defence of Ukraine"),
    ("МИД России", "МИД Украины"),
    ("Foreign Intelligence Service of Ukraine", "Russian Foreign Intelligence Service"),
    ("СВР Украины", "СВР"),
    ("GRU", "GUR"),  # Russian and Ukrainian military intelligence
    ("FSB", "FSO"),
    ("SBU", "ФСБ"),
    ("CIA", "FBI"),
    ("MI5", "MI6"),
    # one family of bodies
    ("UN Security Council", "UN General Assembly"),
    ("ICC", "ICJ"),
    ("International Criminal Court", "International Court of Justice"),
    ("World Bank", "World Trade Organization"),
    ("European Commission", "European Council"),
    ("Council of Europe", "Council of the European Union"),
    ("European Central Bank", "European Investment Bank"),
    ("ICRC", "IFRC"),
    ("TASS", "RIA Novosti"),
    ("Interfax", "Interfax-Ukraine"),
    ("Reuters", "Associated Press"),
    ("Gazprom", "Gazprom Neft"),
    ("Sberbank", "VTB"),
]

# Country names (places typed GPE): a variant from `countrynames` or the alias file is the country.
SAME_COUNTRY: list[tuple[str, str]] = [
    ("America", "United States"),
    ("the U.S.", "America"),
    ("Britain", "United Kingdom"),
    ("Great Britain", "UK"),
    ("Czech Republic", "Czechia"),
    ("Russian Federation", "Russia"),
    ("РФ", "Россия"),
    ("Штаты", "США"),
    ("Соединенные Штаты", "United States"),
    ("Белоруссия", "Belarus"),
    ("Молдавия", "Moldova"),
    ("Burma", "Myanmar"),
]
# Names that a country-name table lists under a country but that are not the country: its states,
# regions, cities, nationality words, two countries that share a word.
DIFFERENT_PLACES: list[tuple[str, str]] = [
    ("California", "United States"),
    ("States", "United States"),  # "States are looking for ...": the fifty states, not the country
    ("Washington", "United States"),
    ("England", "United Kingdom"),
    ("Siberia", "Russia"),
    ("Chechnya", "Russia"),
    ("Moscow", "Russia"),
    ("Korea", "North Korea"),
    ("Donetsk", "Ukraine"),
    ("Crimea", "Ukraine"),
    ("Republic of China", "China"),
]

# Russian (Cyrillic) renderings of names against their usual Latin spelling. Russian writes
# English names by sound (Trump -> Трамп, Witkoff -> Уиткофф), Slavic ones by letter.
CROSS_SCRIPT_SAME: list[tuple[str, str]] = [
    ("Дональд Трамп", "Donald Trump"),
    ("Стив Уиткофф", "Steve Witkoff"),
    ("Майк Уолтц", "Mike Waltz"),
    ("Пит Хегсет", "Pete Hegseth"),
    ("Кит Келлог", "Keith Kellogg"),
    ("Джаред Кушнер", "Jared Kushner"),
    ("Уильям Бернс", "William Burns"),
    ("Джордж Буш", "George Bush"),
    ("Кир Стармер", "Keir Starmer"),
    ("Эммануэль Макрон", "Emmanuel Macron"),
    ("Фридрих Мерц", "Friedrich Merz"),
    ("Марко Рубио", "Marco Rubio"),
    ("Сергей Лавров", "Sergei Lavrov"),
    ("Кирилл Дмитриев", "Kirill Dmitriyev"),
    ("Алексей Лошкарев", "Alexei Loshkaryov"),
    ("Владимир Зеленский", "Volodymyr Zelenskyy"),
    ("Андрей Ермак", "Andriy Yermak"),
    ("Юрий Ушаков", "Yuri Ushakov"),
    ("Уиткофф", "Steve Witkoff"),
    ("Вэнс", "JD Vance"),
]
CROSS_SCRIPT_DIFFERENT: list[tuple[str, str]] = [
    ("Владимир Путин", "George Patton"),
    ("Дональд Трамп", "Donald Tusk"),
    ("Стив Уиткофф", "Steve Wozniak"),
    ("Сергей Лавров", "Sergei Lavrentiev"),
    ("Марко Рубио", "Mark Rutte"),
    ("Иван Петров", "Ivan Petrenko"),
    ("Анна Иванова", "Anna Ivanov"),  # a wife is not her husband, in any script
    ("Пит Хегсет", "Peter Hess"),
]
