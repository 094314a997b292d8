-- The portal's first boards; admins can edit them later.
INSERT INTO "boards" ("slug", "name", "description", "position", "read_access", "post_access", "kind") VALUES
  ('free', '자유토론', '스마트공장과 제조 현장에 관한 이야기를 자유롭게 나눕니다.', 1, 'public', 'members', 'discussion'),
  ('qna', '도입 Q&A', '도입을 준비하며 생긴 질문을 올리면 선배 기업과 멘토가 답합니다. 도움이 된 답변을 채택해 주세요.', 2, 'public', 'members', 'qa'),
  ('mentor-tips', '멘토 노하우', '삼성전자 출신 멘토가 현장에서 얻은 노하우를 정리합니다. 글은 멘토와 담당자가 쓰고, 댓글은 회원 누구나 답니다.', 3, 'public', 'mentors', 'discussion'),
  ('alumni', '선배기업 이야기', '먼저 도입한 회원 기업이 겪은 일과 조언을 나눕니다. 회원만 읽을 수 있습니다.', 4, 'members', 'members', 'discussion')
ON CONFLICT ("slug") DO NOTHING;
