import { Injectable } from '@nestjs/common';
import { PiiService } from '@docqa/safety';
import type { ParsedDocument, TextBlock } from '../parsing/parsed-document';

/**
 * Masking of personal data in document text before it is chunked, embedded and indexed, when the workspace's
 * safety policy asks for it (`ingestion`, off by default; irreversible operators only, since the text is
 * stored). Each block is masked on its own, before chunking, so chunk offsets and highlights refer to the
 * masked text; headings (in every block's heading path) and the title are masked the same way. The uploaded
 * file itself is kept as it is.
 */
@Injectable()
export class IngestionPiiMasking {
  constructor(private readonly pii: PiiService) {}

  async apply(workspaceId: string, parsed: ParsedDocument): Promise<ParsedDocument> {
    const masked = new Map<string, Promise<string>>();
    const mask = (text: string): Promise<string> => {
      let out = masked.get(text);
      if (!out) {
        out = this.pii.maskForIngestion(workspaceId, text).then((r) => r.text);
        masked.set(text, out);
      }
      return out;
    };
    if (!(await this.pii.masksAtIngestion(workspaceId))) return parsed;
    const blocks: TextBlock[] = [];
    for (const block of parsed.blocks) {
      const headingPath: string[] = [];
      for (const heading of block.headingPath) headingPath.push(await mask(heading));
      blocks.push({ ...block, text: await mask(block.text), headingPath });
    }
    return { ...parsed, blocks, ...(parsed.title ? { title: await mask(parsed.title) } : {}) };
  }
}
