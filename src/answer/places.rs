//! Where places are: the countries of the world by their common names, each with its capital
//! and its larger or better-known cities (those of the bundled decks among them), so that an
//! answer typed with its country (`Tashkent, Uzbekistan`) is right only when the country is the
//! place's own (`Tashkent, France` is wrong). A data table; names are compared by
//! [`key`](super::normalize::key), and the places and countries of the bundled Chinese deck
//! are also under their Chinese names (`塔什干，乌兹别克斯坦`).

use std::collections::HashMap;
use std::sync::OnceLock;

use super::normalize::key;
use super::target::place_stem;

/// One line a country: its names (`|`), then `:` and its places (`,`). A place in several
/// lines (a name shared by two countries) is in each. A district names its city too.
const TABLE: &str = "\
Afghanistan|阿富汗: Kabul, 喀布尔, Kandahar, Herat, Mazar-i-Sharif
Albania: Tirana, Durres
Algeria: Algiers, Oran, Constantine
Andorra: Andorra la Vella
Angola: Luanda
Antigua and Barbuda: Saint John's
Argentina: Buenos Aires, Cordoba, Rosario
Armenia: Yerevan, Gyumri
Australia: Canberra, Sydney, Melbourne, Brisbane, Perth, Adelaide
Austria: Vienna, Salzburg, Graz, Innsbruck
Azerbaijan: Baku, Ganja
Bahamas|The Bahamas: Nassau
Bahrain: Manama
Bangladesh: Dhaka, Chittagong
Barbados: Bridgetown
Belarus|白俄罗斯: Minsk, 明斯克, Gomel, Brest, Vitebsk, Grodno
Belgium: Brussels, Antwerp, Ghent, Bruges
Belize: Belmopan
Benin: Porto-Novo, Cotonou
Bhutan: Thimphu
Bolivia: Sucre, La Paz, Santa Cruz
Bosnia and Herzegovina|Bosnia: Sarajevo
Botswana: Gaborone
Brazil: Brasilia, Sao Paulo, Rio de Janeiro, Salvador
Brunei: Bandar Seri Begawan
Bulgaria: Sofia, Plovdiv, Varna
Burkina Faso: Ouagadougou
Burundi: Gitega, Bujumbura
Cambodia: Phnom Penh, Siem Reap
Cameroon: Yaounde, Douala
Canada: Ottawa, Toronto, Montreal, Vancouver, Calgary, Quebec
Cape Verde|Cabo Verde: Praia
Central African Republic: Bangui
Chad: N'Djamena
Chile: Santiago, Valparaiso
China|PRC|People's Republic of China|中国|中华人民共和国: Beijing, 北京, Shanghai, 上海, 青岛, 天津, 重庆, 广州, 深圳, Huangpu, Guangzhou, Shenzhen, Tianjin, Chongqing, Qingdao, Xiamen, Wuhan, Chengdu, Nanjing, Hangzhou, Xi'an, Urumqi, Harbin, Dalian, Kunming, Lhasa, Hong Kong, Macau
Colombia: Bogota, Medellin, Cali
Comoros: Moroni
Congo|Republic of the Congo: Brazzaville
Democratic Republic of the Congo|DR Congo|DRC: Kinshasa, Lubumbashi
Costa Rica: San Jose
Cote d'Ivoire|Ivory Coast: Yamoussoukro, Abidjan
Croatia: Zagreb, Split, Dubrovnik
Cuba: Havana
Cyprus: Nicosia, Limassol
Czechia|Czech Republic: Prague, Brno
Denmark: Copenhagen, Aarhus
Djibouti: Djibouti
Dominica: Roseau
Dominican Republic: Santo Domingo
Ecuador: Quito, Guayaquil
Egypt: Cairo, Alexandria, Giza
El Salvador: San Salvador
Equatorial Guinea: Malabo
Eritrea: Asmara
Estonia: Tallinn, Tartu
Eswatini|Swaziland: Mbabane
Ethiopia: Addis Ababa
Fiji: Suva
Finland: Helsinki, Tampere, Turku
France: Paris, Marseille, Lyon, Toulouse, Nice, Bordeaux, Strasbourg
Gabon: Libreville
Gambia|The Gambia: Banjul
Georgia: Tbilisi, Batumi, Kutaisi
Germany: Berlin, Hamburg, Munich, Cologne, Frankfurt, Bonn, Stuttgart, Dresden
Ghana: Accra, Kumasi
Greece: Athens, Thessaloniki
Grenada: Saint George's
Guatemala: Guatemala City
Guinea: Conakry
Guinea-Bissau: Bissau
Guyana: Georgetown
Haiti: Port-au-Prince
Honduras: Tegucigalpa
Hungary: Budapest, Debrecen
Iceland: Reykjavik
India|Republic of India|印度: New Delhi, 新德里, Delhi, Mumbai, Bombay, Kolkata, Calcutta, Chennai, Madras, Bangalore, Bengaluru, Hyderabad, Ahmedabad, Goa, Agra
Indonesia: Jakarta, Surabaya, Bandung, Bali
Iran|Islamic Republic of Iran|Persia|伊朗: Tehran, 德黑兰, Mashhad, Isfahan, Tabriz, Shiraz
Iraq: Baghdad, Basra, Mosul, Erbil
Ireland: Dublin, Cork
Israel: Jerusalem, Tel Aviv, Haifa
Italy: Rome, Milan, Naples, Turin, Florence, Venice, Bologna, Genoa
Jamaica: Kingston
Japan: Tokyo, Osaka, Kyoto, Yokohama, Nagoya, Sapporo, Hiroshima
Jordan: Amman
Kazakhstan|哈萨克斯坦: Astana, 阿斯塔纳, 阿拉木图, Nur-Sultan, Almaty, Shymkent, Karaganda, Aktobe
Kenya: Nairobi, Mombasa
Kiribati: Tarawa
Kuwait: Kuwait City
Kyrgyzstan|Kyrgyz Republic|Kirghizia|吉尔吉斯斯坦: Bishkek, 比什凯克, Osh, Cholpon-Ata
Laos: Vientiane
Latvia: Riga
Lebanon: Beirut
Lesotho: Maseru
Liberia: Monrovia
Libya: Tripoli, Benghazi
Liechtenstein: Vaduz
Lithuania: Vilnius, Kaunas
Luxembourg: Luxembourg
Madagascar: Antananarivo
Malawi: Lilongwe
Malaysia: Kuala Lumpur, Putrajaya
Maldives: Male
Mali: Bamako
Malta: Valletta
Marshall Islands: Majuro
Mauritania: Nouakchott
Mauritius: Port Louis
Mexico: Mexico City, Guadalajara, Monterrey
Micronesia: Palikir
Moldova: Chisinau
Monaco: Monaco
Mongolia|蒙古|蒙古国: Ulaanbaatar, 乌兰巴托, Ulan Bator
Montenegro: Podgorica
Morocco: Rabat, Casablanca, Marrakesh, Fez
Mozambique: Maputo
Myanmar|Burma: Naypyidaw, Yangon, Rangoon, Mandalay
Namibia: Windhoek
Nauru: Yaren
Nepal: Kathmandu
Netherlands|Holland|The Netherlands: Amsterdam, The Hague, Rotterdam, Utrecht
New Zealand: Wellington, Auckland, Christchurch
Nicaragua: Managua
Niger: Niamey
Nigeria: Abuja, Lagos, Kano
North Korea|DPRK: Pyongyang
North Macedonia|Macedonia: Skopje
Norway: Oslo, Bergen
Oman: Muscat
Pakistan|巴基斯坦: Islamabad, 伊斯兰堡, Karachi, Lahore, Peshawar, Rawalpindi
Palau: Ngerulmud
Palestine: Ramallah, Gaza
Panama: Panama City
Papua New Guinea: Port Moresby
Paraguay: Asuncion
Peru: Lima, Cusco
Philippines|The Philippines: Manila, Quezon City, Cebu
Poland: Warsaw, Krakow, Gdansk, Wroclaw
Portugal: Lisbon, Porto
Qatar: Doha
Romania: Bucharest, Cluj-Napoca
Russia|Russian Federation|俄罗斯|俄罗斯联邦: Moscow, 莫斯科, 圣彼得堡, Saint Petersburg, St. Petersburg, Novosibirsk, Yekaterinburg, Kazan, Ufa, Chelyabinsk, Vladivostok, Sochi, Samara, Omsk, Irkutsk
Rwanda: Kigali
Saint Kitts and Nevis: Basseterre
Saint Lucia: Castries
Saint Vincent and the Grenadines: Kingstown
Samoa: Apia
San Marino: San Marino
Sao Tome and Principe: Sao Tome
Saudi Arabia: Riyadh, Jeddah, Mecca, Medina
Senegal: Dakar
Serbia: Belgrade, Novi Sad
Seychelles: Victoria
Sierra Leone: Freetown
Singapore: Singapore
Slovakia: Bratislava, Kosice
Slovenia: Ljubljana
Solomon Islands: Honiara
Somalia: Mogadishu
South Africa: Pretoria, Cape Town, Bloemfontein, Johannesburg, Durban
South Korea|Korea|Republic of Korea: Seoul, Busan, Incheon
South Sudan: Juba
Spain: Madrid, Barcelona, Valencia, Seville
Sri Lanka: Sri Jayawardenepura Kotte, Colombo, Kandy
Sudan: Khartoum
Suriname: Paramaribo
Sweden: Stockholm, Gothenburg, Malmo
Switzerland: Bern, Zurich, Geneva, Basel, Lausanne
Syria: Damascus, Aleppo
Taiwan: Taipei, Kaohsiung
Tajikistan|塔吉克斯坦: Dushanbe, 杜尚别, Khujand
Tanzania: Dodoma, Dar es Salaam, Zanzibar
Thailand: Bangkok, Chiang Mai
Timor-Leste|East Timor: Dili
Togo: Lome
Tonga: Nuku'alofa
Trinidad and Tobago: Port of Spain
Tunisia: Tunis
Turkey|Turkiye|Türkiye: Ankara, Istanbul, Izmir, Antalya
Turkmenistan: Ashgabat, Turkmenabat
Tuvalu: Funafuti
Uganda: Kampala
Ukraine: Kyiv, Kiev, Kharkiv, Odesa, Odessa, Lviv
United Arab Emirates|UAE: Abu Dhabi, Dubai, Sharjah
United Kingdom|UK|Britain|Great Britain|England: London, Manchester, Birmingham, Liverpool, Oxford, Cambridge
United Kingdom|UK|Britain|Great Britain|Scotland: Edinburgh, Glasgow
United States|United States of America|USA|US|America: Washington, New York, Los Angeles, Chicago, Houston, San Francisco, Boston, Seattle, Miami
Uruguay: Montevideo
Uzbekistan|乌兹别克斯坦: Tashkent, 塔什干, 撒马尔罕, Samarkand, Bukhara, Khiva, Namangan, Andijan, Fergana, Nukus
Vanuatu: Port Vila
Vatican City|Vatican|Holy See: Vatican City
Venezuela: Caracas, Maracaibo
Vietnam|Viet Nam: Hanoi, Ho Chi Minh City, Saigon, Da Nang
Yemen: Sanaa, Aden
Zambia: Lusaka
Zimbabwe: Harare, Bulawayo
Shanghai|上海: Huangpu, 黄浦
Shandong|山东|山东省: Qingdao, 青岛, Jinan, 济南
";

/// Place key → the keys of every name of the countries (and cities) it is in.
fn regions() -> &'static HashMap<String, Vec<String>> {
    static MAP: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for line in TABLE.lines() {
            let Some((names, places)) = line.split_once(':') else {
                continue;
            };
            for place in places.split(", ").map(str::trim).filter(|p| !p.is_empty()) {
                map.entry(key(place))
                    .or_default()
                    .extend(names.split('|').map(key));
            }
        }
        map
    })
}

/// Whether `region` is where `place` is: `Some(true)` for `Tashkent` in `Uzbekistan`,
/// `Some(false)` for `Tashkent` in `France`, `None` when the table does not know the place.
pub fn is_in(place: &str, region: &str) -> Option<bool> {
    let place = key(place);
    // `塔什干市` is `塔什干`.
    let regions = regions()
        .get(&place)
        .or_else(|| regions().get(place_stem(&place)?))?;
    let region = key(region);
    Some(regions.contains(&region))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_in_their_countries_only() {
        assert_eq!(is_in("Tashkent", "Uzbekistan"), Some(true));
        assert_eq!(is_in("Tashkent", "France"), Some(false));
        assert_eq!(is_in("Shanghai", "People's Republic of China"), Some(true));
        assert_eq!(is_in("Huangpu", "Shanghai"), Some(true));
        assert_eq!(is_in("St. Petersburg", "Russia"), Some(true));
        assert_eq!(is_in("Atlantis", "Greece"), None);
        assert_eq!(is_in("塔什干", "乌兹别克斯坦"), Some(true));
        assert_eq!(is_in("塔什干市", "Uzbekistan"), Some(true));
        assert_eq!(is_in("塔什干", "法国"), Some(false));
        assert_eq!(is_in("青岛", "山东省"), Some(true));
    }

    #[test]
    fn every_line_of_the_table_is_a_country_and_its_places() {
        for line in TABLE.lines() {
            let (names, places) = line.split_once(": ").unwrap_or_else(|| panic!("{line}"));
            assert!(!names.is_empty() && !places.is_empty(), "{line}");
        }
    }
}
