/**
 * People and street vocabulary shared by both samples: given names and surnames (for
 * review authors, public likes, founders, airport and landmark names) and street names in
 * English and French. Common names only, so no combination points at anyone in particular.
 */

/** Given names, English- and French-speaking mixed, since reviewers travel. */
export const FIRST_NAMES = [
  'Ada', 'Adele', 'Alan', 'Albert', 'Alice', 'Amelia', 'Amos', 'Anna', 'Arthur', 'Audrey', 'Barbara', 'Basil',
  'Beatrice', 'Benjamin', 'Bernard', 'Bertha', 'Blanche', 'Bruno', 'Camille', 'Carl', 'Caroline', 'Cecil',
  'Celia', 'Charles', 'Charlotte', 'Chloe', 'Clara', 'Claude', 'Colin', 'Cora', 'Daisy', 'Daniel', 'Delia',
  'Denise', 'Dora', 'Douglas', 'Edith', 'Edgar', 'Edmund', 'Eleanor', 'Elias', 'Eliza', 'Ella', 'Emile',
  'Emma', 'Ernest', 'Esther', 'Ethan', 'Eugene', 'Eva', 'Felix', 'Fiona', 'Florence', 'Frances', 'Frank',
  'Gabriel', 'George', 'Georgia', 'Gerald', 'Grace', 'Harold', 'Harriet', 'Hazel', 'Helen', 'Henry', 'Hugo',
  'Ida', 'Irene', 'Iris', 'Isaac', 'Ivan', 'Jack', 'Jacques', 'James', 'Jane', 'Jasper', 'Jean', 'Joan',
  'Jonah', 'Josephine', 'Julia', 'Julian', 'June', 'Karen', 'Keith', 'Laura', 'Leo', 'Leon', 'Lillian',
  'Lionel', 'Louis', 'Louise', 'Lucy', 'Luke', 'Mabel', 'Malcolm', 'Margaret', 'Marie', 'Martha', 'Martin',
  'Matilda', 'Maude', 'Max', 'Miles', 'Milo', 'Miriam', 'Nadia', 'Nathan', 'Nell', 'Nina', 'Noah', 'Nora',
  'Oliver', 'Olive', 'Oscar', 'Owen', 'Pauline', 'Pearl', 'Peter', 'Philip', 'Phoebe', 'Quentin', 'Rachel',
  'Ralph', 'Raymond', 'Rebecca', 'Rex', 'Rose', 'Ruby', 'Rufus', 'Ruth', 'Samuel', 'Sarah', 'Simon', 'Sophie',
  'Stella', 'Sylvia', 'Theo', 'Thomas', 'Ursula', 'Valerie', 'Vera', 'Victor', 'Vincent', 'Violet', 'Walter',
  'Wendy', 'Wilfred', 'Willa', 'Xavier', 'Yvonne', 'Zoe',
] as const;

/** Surnames, also used for airport, landmark, brewery and town names (`Fort Harlow`, `Pryce Field`). */
export const LAST_NAMES = [
  'Abbott', 'Adler', 'Ainsley', 'Alder', 'Ames', 'Archer', 'Ashby', 'Atwood', 'Bailey', 'Baird', 'Barlow',
  'Barton', 'Beck', 'Bell', 'Benson', 'Bishop', 'Blake', 'Bolton', 'Bowman', 'Bradley', 'Brandt', 'Brewer',
  'Briggs', 'Brooks', 'Burke', 'Burton', 'Calder', 'Carver', 'Chandler', 'Chase', 'Clayton', 'Cobb', 'Colby',
  'Conway', 'Corbin', 'Crane', 'Crosby', 'Dalton', 'Darby', 'Dawson', 'Delaney', 'Dorsey', 'Doyle', 'Drake',
  'Dufour', 'Dumont', 'Dunbar', 'Easton', 'Ellis', 'Emerson', 'Everett', 'Fairfax', 'Farrow', 'Faure',
  'Fenwick', 'Finch', 'Fleming', 'Fletcher', 'Ford', 'Fowler', 'Garnier', 'Garrett', 'Gibson', 'Girard',
  'Goodwin', 'Graves', 'Gray', 'Hale', 'Harlow', 'Harper', 'Hastings', 'Hayes', 'Hewitt', 'Holloway',
  'Holt', 'Hooper', 'Hudson', 'Hughes', 'Irving', 'Jarvis', 'Keane', 'Keller', 'Kendall', 'Kirby',
  'Lambert', 'Langley', 'Larue', 'Lawson', 'Leclerc', 'Lennox', 'Lindley', 'Lowell', 'Lucas', 'Lyle',
  'Maddox', 'Marsh', 'Mercer', 'Merritt', 'Moreau', 'Morrow', 'Nash', 'Nolan', 'Norris', 'Oakley', 'Orton',
  'Osborne', 'Parrish', 'Pell', 'Perrin', 'Pike', 'Porter', 'Prescott', 'Pryce', 'Quincy', 'Radford',
  'Ramsey', 'Reeve', 'Renard', 'Ridley', 'Rowe', 'Russo', 'Sawyer', 'Sexton', 'Shaw', 'Sheldon', 'Sinclair',
  'Slater', 'Sommer', 'Stanton', 'Sterling', 'Stokes', 'Strand', 'Sutton', 'Talbot', 'Tanner', 'Thorne',
  'Tillman', 'Tolliver', 'Tucker', 'Underwood', 'Vance', 'Vaughn', 'Vidal', 'Wade', 'Walsh', 'Warner',
  'Webb', 'Wells', 'Weston', 'Whitaker', 'Wilder', 'Winslow', 'Wolfe', 'Wren', 'Yates', 'York',
] as const;

/** Street names for English-speaking addresses (`Chapel Lane`). */
export const STREET_NAMES = [
  'Main', 'High', 'Church', 'Park', 'Mill', 'Station', 'Victoria', 'King', 'Queen', 'Oak', 'Maple', 'Cedar',
  'Elm', 'Pine', 'Market', 'Bridge', 'River', 'Lake', 'Hill', 'Spring', 'Chestnut', 'Walnut', 'Willow',
  'Sunset', 'Harbor', 'Grove', 'Meadow', 'Orchard', 'North', 'South', 'Union', 'Water', 'Castle', 'Abbey',
  'Manor', 'Green', 'School', 'Chapel', 'Albert', 'George', 'Broad', 'Front', 'Center', 'Franklin',
  'Highland', 'Forest', 'Cherry', 'Garden', 'Ridge', 'Valley', 'Dock', 'Quarry', 'Friars', 'Tanners',
] as const;

/** US street types. */
export const US_STREET_TYPES = ['Street', 'Avenue', 'Boulevard', 'Road', 'Drive', 'Lane', 'Way', 'Court', 'Place'] as const;

/** UK street types. */
export const UK_STREET_TYPES = ['Street', 'Road', 'Lane', 'Square', 'Terrace', 'Crescent', 'Row', 'Place', 'Gardens', 'Walk', 'Hill'] as const;

/** French street types (lower case, as written in addresses: `12 rue du Port`). */
export const FR_STREET_TYPES = ['rue', 'rue', 'rue', 'avenue', 'boulevard', 'place', 'quai', 'allée', 'chemin'] as const;

/** French street names, with their article or preposition. */
export const FR_STREET_NAMES = [
  'de la République', 'du Moulin', 'Victor Hugo', 'Jean Jaurès', 'de la Gare', 'des Écoles', 'du Château',
  'Pasteur', "de l'Église", 'Gambetta', 'Nationale', 'des Fleurs', 'du Port', 'Saint-Jacques',
  'de la Liberté', 'Émile Zola', 'du Général de Gaulle', 'des Lilas', 'de Verdun', 'Voltaire', 'du Marché',
  'des Tanneurs', 'de la Paix', 'du Commerce', 'des Remparts', 'du Pont', 'de la Fontaine', 'des Vignes',
] as const;
