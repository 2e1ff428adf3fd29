/**
 * A small generated knowledge base: one Markdown document per product, each with sections on its warranty,
 * price, maintenance and support, and the questions a user would ask about them. Deterministic, so runs
 * compare.
 */
const PRODUCTS = [
  'X200 warehouse robot',
  'Falcon delivery drone',
  'Orion inventory scanner',
  'Atlas pallet lifter',
  'Nova charging dock',
  'Vega sorting arm',
  'Lyra conveyor belt',
  'Draco cleaning robot',
  'Cygnus label printer',
  'Pavo safety gate',
];

const filler = (topic: string, i: number) =>
  `The ${topic} team reviews this section every quarter. Changes are announced to customers by email ${i + 2} weeks ahead. ` +
  `Older versions of this section are kept in the archive for audits.`;

export function corpusDocuments(): Array<{ name: string; text: string }> {
  return PRODUCTS.map((product, i) => ({
    name: `${product.split(' ')[0].toLowerCase()}.md`,
    text: [
      `# ${product}`,
      `## Warranty`,
      `The ${product} comes with a warranty of ${i + 2} years. The warranty covers the motors, the battery and the controller board.`,
      filler('warranty', i),
      `## Price`,
      `The ${product} costs ${(i + 3) * 7000} euros to buy. Leasing the ${product} costs ${(i + 3) * 150} euros a month.`,
      filler('pricing', i),
      `## Maintenance`,
      `The ${product} needs a maintenance visit every ${i + 4} months. The filters and the wheel bearings are replaced during the visit.`,
      filler('service', i),
      `## Support`,
      `Support for the ${product} is available by phone on weekdays from 8 to 18. Urgent failures are handled within ${i + 4} hours.`,
    ].join('\n\n'),
  }));
}

export function corpusQuestions(): string[] {
  return PRODUCTS.flatMap((product) => [
    `How long is the warranty of the ${product}?`,
    `How much does the ${product} cost?`,
    `How often does the ${product} need maintenance?`,
  ]);
}
