/**
 * The facts behind "who may hold a bracket", written by us: which states are members of
 * the United Nations, the observers that speak in negotiations, the negotiating groups and
 * how delegations spell them, and the bodies and officials of UN processes whose names
 * appear in annotations without being parties. State names in several languages and the
 * ISO codes come from the i18n-iso-countries package (see parties.ts); this file only says
 * which of its entries are member states and adds the spellings delegations use.
 */

/** ISO 3166-1 alpha-2 codes of the 193 member states of the United Nations. */
export const UN_MEMBER_CODES: readonly string[] = (
  'AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH ' +
  'CM CA CF TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ ' +
  'FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI ' +
  'KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MC MN ME MA MZ MM NA NR ' +
  'NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA KR MD RO RU RW KN LC VC WS SM ST ' +
  'SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG ' +
  'UA AE GB TZ US UY UZ VU VE VN YE ZM ZW'
).split(' ');

/**
 * Non-member observer states, which take the floor and may hold brackets: ISO code ->
 * canonical name and other spellings.
 */
export const OBSERVER_STATES: Readonly<Record<string, readonly string[]>> = {
  VA: ['Holy See', 'Vatican', 'Holy See (Vatican City State)'],
  PS: ['State of Palestine', 'Palestine'],
};

/**
 * Member states as delegations and UN documents write them, where the package's names
 * differ: ISO code -> canonical name (first), then other spellings. A state not listed
 * here is named by the package's first English name. The short names of the shared table
 * (src/core/parties.ts: "US", "UK", "Russia" ...) take precedence over the first entry.
 */
export const STATE_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  BO: ['Bolivia', 'Bolivia (Plurinational State of)', 'Plurinational State of Bolivia'],
  CD: ['Democratic Republic of the Congo', 'DRC', 'DR Congo'],
  CG: ['Congo', 'Republic of the Congo'],
  CI: ["Côte d'Ivoire"],
  CV: ['Cabo Verde'],
  CZ: ['Czechia', 'Czech Republic'],
  FM: ['Micronesia', 'Micronesia (Federated States of)', 'Federated States of Micronesia'],
  GM: ['Gambia', 'The Gambia', 'Republic of The Gambia'],
  GB: ['UK', 'United Kingdom of Great Britain and Northern Ireland'],
  KP: ["Democratic People's Republic of Korea", 'DPRK'],
  LA: ["Lao People's Democratic Republic", 'Lao PDR', 'Laos'],
  MD: ['Republic of Moldova', 'Moldova'],
  NL: ['Netherlands', 'Netherlands (Kingdom of the)', 'Kingdom of the Netherlands'],
  NZ: ['New Zealand', 'NZ'],
  PG: ['Papua New Guinea', 'PNG'],
  KN: ['Saint Kitts and Nevis', 'St Kitts and Nevis'],
  LC: ['Saint Lucia', 'St Lucia'],
  VC: ['Saint Vincent and the Grenadines', 'St Vincent and the Grenadines'],
  SY: ['Syrian Arab Republic', 'Syria'],
  SZ: ['Eswatini', 'Swaziland'],
  TZ: ['United Republic of Tanzania', 'Tanzania'],
  AE: ['United Arab Emirates', 'UAE'],
  VE: ['Venezuela', 'Venezuela (Bolivarian Republic of)', 'Bolivarian Republic of Venezuela'],
  VN: ['Viet Nam', 'Vietnam'],
  MK: ['North Macedonia'],
  TR: ['Turkey', 'Türkiye'],
  // The Spanish abbreviation of Spanish drafts ("[EE.UU.: suprimir]").
  US: ['United States', 'EE.UU.', 'EE. UU.', 'EEUU'],
};

/**
 * Negotiating groups and coalitions of UN processes: canonical name -> other spellings (in
 * French and Spanish drafts too: "Groupe africain", "Grupo de los 77 y China").
 * Groups already in the shared table keep its canonical names (G77, EU, AGN ...); these
 * spellings are added to them.
 */
export const GROUPS: Readonly<Record<string, readonly string[]>> = {
  G77: [
    'Group of 77 and China',
    'G-77 & China',
    'G77 & China',
    'G77 China',
    'G-77/CHINA',
    'Groupe des 77 et la Chine',
    'G-77 et la Chine',
    'Grupo de los 77 y China',
    'G-77 y China',
  ],
  EU: [
    'European Union and its Member States',
    'EU27',
    'EU 27',
    'EU-27',
    'EU member States',
    'Union européenne',
    'Unión Europea',
    'UE',
  ],
  AOSIS: ['Alliance of Small Island Developing States', 'Alliance des petits États insulaires'],
  LDC: [
    'LDC group',
    'least developed country Parties',
    'LDC Parties',
    'PMA',
    'Groupe des PMA',
    'Grupo de los PMA',
  ],
  LMDC: ['Like-minded Group', 'Like-Minded Group of Developing Countries', 'LMG'],
  AGN: [
    'Group of African States',
    'African States',
    'AGN/African Group',
    'Groupe africain',
    "Groupe des États d'Afrique",
    'Grupo Africano',
    'Grupo de Estados de África',
  ],
  'Arab Group': [
    'ARAB Group',
    'Arab Group of States',
    'League of Arab States',
    'Groupe arabe',
    'Grupo Árabe',
  ],
  AILAC: ['Association of Independent Latin American and Caribbean States'],
  ALBA: ['ALBA-TCP', 'Bolivarian Alliance for the Peoples of Our America'],
  BASIC: ['BASIC group', 'Brazil, South Africa, India and China'],
  EIG: ['Environmental Integrity Group (EIG)'],
  'Umbrella Group': ['Umbrella'],
  CARICOM: ['Caribbean Community and Common Market'],
  GRULAC: ['Group of Latin American and Caribbean States', 'Latin American and Caribbean States'],
  JUSCANZ: ['JUSSCANNZ', 'JUSCANNZ'],
  WEOG: ['Western European and Others Group', 'Western European and other States'],
  'Asia-Pacific Group': ['Asia-Pacific States', 'Group of Asia-Pacific States'],
  'Eastern European Group': ['EEG', 'Eastern European States'],
  CfRN: ['Coalition for Rainforest Nations', 'Rainforest Coalition'],
  SICA: ['Central American Integration System'],
  CACAM: ['Central Asia, Caucasus, Albania and Moldova'],
  NAM: ['Non-Aligned Movement'],
  CANZ: ['Canada, Australia and New Zealand'],
  CELAC: ['Community of Latin American and Caribbean States'],
  OIC: ['Organisation of Islamic Cooperation', 'Organization of Islamic Cooperation'],
  PSIDS: ['Pacific SIDS', 'Pacific Small Island Developing States'],
  'Mountainous LLDC': ['Group of Mountainous Landlocked Developing Countries'],
};

/**
 * Names in the shared table that are not parties or groups: the officials of a meeting.
 * An annotation naming them ("[Chair's proposal]") is kept as a note.
 */
export const OFFICIALS_IN_SHARED_TABLE: readonly string[] = ['Chair', 'Secretariat'];

/**
 * The officials of a meeting ("[Chair's proposal]", "[Bureau text]", "[Co-facilitators'
 * bridging proposal]"): named on their own in an annotation they are its author, never a
 * holder, and never text.
 */
export const OFFICIALS: readonly string[] = [
  'Chair',
  'Chairs',
  "Chair's",
  'Chairman',
  'Chairperson',
  'Co-Chair',
  'Co-Chairs',
  "Co-Chairs'",
  'Vice-Chair',
  'Facilitator',
  'Facilitators',
  'Co-Facilitator',
  'Co-Facilitators',
  'President',
  'Presidency',
  'COP Presidency',
  'Bureau',
  'Rapporteur',
  'Secretariat',
  'Executive Secretary',
  'Secretary-General',
  // The same officials in French and Spanish drafts ("[Texte de la Présidence]", "[Texto de la Mesa]").
  'Président',
  'Présidente',
  'Présidence',
  'Coprésidents',
  'Facilitateur',
  'Facilitateurs',
  'Cofacilitateurs',
  'Secrétariat',
  'Presidente',
  'Presidenta',
  'Presidencia',
  'Copresidentes',
  'Facilitador',
  'Facilitadores',
  'Cofacilitadores',
  'Secretaría',
  'Mesa',
  'Relator',
];

/**
 * Bodies, officials and organisations of UN processes that speak in annotations without
 * being parties: "[SBSTA: to consider]", "[text (AC)]", "[proposed by the Adaptation
 * Committee]". Read as notes, never as holders.
 */
export const NON_PARTY_ACTORS: readonly string[] = [
  // Governing bodies and their meetings.
  'COP',
  'CMP',
  'CMA',
  'MOP',
  'COP-MOP',
  'CMP/CMA',
  'COP/CMA',
  'Conference of the Parties',
  'General Assembly',
  'UNGA',
  'GA',
  'ECOSOC',
  'Economic and Social Council',
  'Security Council',
  'UNSC',
  'HRC',
  'Human Rights Council',
  'UNEA',
  // Subsidiary bodies and constituted bodies.
  'SB',
  'SBs',
  'SBSTA',
  'SBI',
  'SBSTTA',
  'APA',
  'ADP',
  'AWG',
  'AWG-LCA',
  'AWG-KP',
  'AC',
  'Adaptation Committee',
  'SCF',
  'Standing Committee on Finance',
  'TEC',
  'Technology Executive Committee',
  'CTCN',
  'Climate Technology Centre and Network',
  'LEG',
  'Least Developed Countries Expert Group',
  'PCCB',
  'Paris Committee on Capacity-building',
  'CGE',
  'Consultative Group of Experts',
  'WIM',
  'ExCom',
  'Executive Committee',
  'FWG',
  'KCI',
  'Katowice Committee of Experts',
  'CDM EB',
  'JISC',
  'OEWG',
  'INC',
  'IGC',
  'CRIC',
  'CST',
  'PrepCom',
  'Preparatory Committee',
  'Bureau',
  // Funds, mechanisms and scientific bodies.
  'GCF',
  'Green Climate Fund',
  'GEF',
  'Global Environment Facility',
  'AF',
  'Adaptation Fund',
  'Financial Mechanism',
  'Technology Mechanism',
  'IPCC',
  'IPBES',
  // Agencies, programmes and other organisations.
  'UN',
  'United Nations',
  'UNFCCC',
  'UNEP',
  'UNDP',
  'UNCTAD',
  'UNESCO',
  'UNICEF',
  'UNHCR',
  'OHCHR',
  'UNODC',
  'UNIDO',
  'WHO',
  'WMO',
  'FAO',
  'IFAD',
  'ILO',
  'IMO',
  'ICAO',
  'ITU',
  'WTO',
  'WIPO',
  'IMF',
  'World Bank',
  'IAEA',
  'IEA',
  'IRENA',
  'OECD',
  'WSIS',
  'IGF',
  'CSTD',
  'UNGIS',
  // Officials.
  ...OFFICIALS,
];

/**
 * Abbreviations of terms of the negotiations ("[NDC text]", "[GST language]"): capitals
 * that are not a delegation's code. Read as notes, never as holders.
 */
export const TERMS: readonly string[] = [
  'NDC',
  'NDCs',
  'NAP',
  'NAPs',
  'NAPA',
  'GST',
  'ETF',
  'MRV',
  'MOI',
  'REDD',
  'REDD+',
  'CDM',
  'JI',
  'ITMO',
  'ITMOs',
  'GHG',
  'GHGs',
  'LULUCF',
  'CBDR',
  'CBDR-RC',
  'IPR',
  'IPRs',
  'SDG',
  'SDGs',
  'ODA',
  'BUR',
  'BTR',
];
