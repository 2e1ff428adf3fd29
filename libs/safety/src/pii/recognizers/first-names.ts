/**
 * Common given names (US Social Security and UK ONS top lists, plus frequent names from elsewhere), used by the
 * person heuristic only when no NER model is loaded: "Maria Lopez" is a person, "Annual Report" is not.
 * Lowercase.
 */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  `aaron abdul abigail adam adrian ahmed aisha alan albert alejandro alex alexander alexandra alexis alfred alice
alicia alison amanda amber amelia amir amy ana andrea andrew angela anita ann anna anne annie anthony antonio april
arjun arthur ashley audrey austin barbara beatrice ben benjamin bernard beth betty beverly bill billy bob bobby
bonnie brad bradley brandon brenda brian bridget brittany bruce bryan caleb cameron carl carla carlos carmen carol
caroline carolyn catherine charles charlie charlotte chen chloe chris christian christina christine christopher
cindy claire clara claudia colin connor craig crystal cynthia daniel danielle david dawn deborah debra denise dennis
derek diana diane diego dmitri dolores donald donna doris dorothy douglas dylan edward eleanor elena elijah elizabeth
ella ellen emily emma eric erica erik ethan eugene eva evelyn fatima felix fernando fiona frances francesca francis
frank fred frederick gabriel gabriela gary george gerald gloria grace greg gregory hannah harold harry heather helen
henry hiroshi holly howard hugo ian irene isaac isabel isabella ivan jack jacob jacqueline james jamie jan jane janet
janice jason javier jean jeffrey jennifer jeremy jerry jesse jessica jesus jill joan joe joel john johnny jonathan
jordan jorge jose joseph joshua joyce juan judith judy julia julian julie justin karen kate katherine kathleen kathryn
kathy keith kelly kenneth kevin kim kimberly kyle laura lauren lawrence leah lee leo leon linda lisa logan lois lori
louis louise lucas lucy luis luke lydia madison margaret maria marie marilyn mario mark martha martin mary mason
matthew maureen megan melissa michael michelle miguel mike mildred mohammed muhammad nancy natalie nathan nicholas
nicole noah norma olga oliver olivia omar oscar pablo pamela patricia patrick paul paula pedro peter philip phillip
priya rachel rafael rahul ralph randy raymond rebecca richard rita robert roberto robin roger ronald rose ruby russell
ruth ryan sam samantha samuel sandra sara sarah scott sean sergei sharon shirley sofia sophia sophie stephanie stephen
steven susan tammy teresa terry theodore theresa thomas tiffany timothy tina todd tom tony tracy tyler valerie
vanessa victor victoria vincent virginia walter wayne wei william willie yuki yusuf zachary zoe`.split(/\s+/),
);
